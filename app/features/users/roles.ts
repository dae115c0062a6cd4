export const accountRoles = ['owner', 'admin', 'accountant', 'employee'] as const;
export type AccountRole = (typeof accountRoles)[number];

export const staffRoles = ['support', 'superadmin'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const locales = ['ru', 'kk', 'en'] as const;
export type Locale = (typeof locales)[number];
