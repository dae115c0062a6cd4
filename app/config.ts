import { z } from 'zod';

const roleNames = ['web', 'pbx', 'jobs'] as const;
export type RoleName = (typeof roleNames)[number];

const boolFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    ROLES: z
      .string()
      .default('web,pbx,jobs')
      .transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean))
      .pipe(z.array(z.enum(roleNames)).min(1)),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: z.url().default('http://localhost:3000'),
    TRUST_PROXY: boolFromEnv.default(false),
    DATABASE_URL: z.string().regex(/^mysql:\/\//, 'must be a mysql://user:password@host:port/database URL'),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters'),
    SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be smtp://… or smtps://…').optional(),
    MAIL_FROM: z.string().default('Виртуальная АТС <no-reply@vpbx.local>'),
    MAIL_CAPTURE_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
    MAIL_CAPTURE_DIR: z.string().default('var/mail'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ACTIVATION_TTL_HOURS: z.coerce.number().int().positive().default(48),
    PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().positive().default(60),
    LOCKOUT_USER_FAILURES: z.coerce.number().int().positive().default(5),
    LOCKOUT_IP_FAILURES: z.coerce.number().int().positive().default(20),
    LOCKOUT_MINUTES: z.coerce.number().int().positive().default(15),
    MAIL_REQUESTS_PER_HOUR: z.coerce.number().int().positive().default(10),
    ARI_URL: z
      .string()
      .default('http://127.0.0.1:8088')
      .transform((s) => s.split(',').map((u) => u.trim()).filter(Boolean))
      .pipe(z.array(z.url('must be a list of http://host:port URLs')).min(1)),
    ARI_USER: z.string().min(1).default('vpbx'),
    ARI_PASSWORD: z.string().default(''),
    ARI_APP: z.string().regex(/^[A-Za-z0-9_-]+$/).default('vpbx'),
    ARI_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
    ARI_RECONNECT_MAX_MS: z.coerce.number().int().positive().default(30_000),
    PBX_MAX_SETUPS_IN_FLIGHT: z.coerce.number().int().positive().default(200),
    CABINET_AGREEMENT_VERSION: z.string().default('2026-01'),
    OFFER_VERSION: z.string().default('2026-01'),
    SOUNDS_DIR: z.string().default('var/sounds'),
    STORAGE_DIR: z.string().default('var/storage'),
    BILLING_GRACE_DAYS: z.coerce.number().int().min(0).default(10),
    BILLING_INVOICE_DUE_DAYS: z.coerce.number().int().min(0).default(10),
    BILLING_KNP: z.string().regex(/^\d{3}$/).default('859'),
    SELLER_NAME: z.string().optional(),
    SELLER_BIN: z.string().optional(),
    SELLER_ADDRESS: z.string().optional(),
    SELLER_IIK: z.string().optional(),
    SELLER_BANK: z.string().optional(),
    SELLER_BIK: z.string().optional(),
    SELLER_KBE: z.string().default('17'),
    SELLER_SIGNER_POSITION: z.string().default('Директор'),
    SELLER_SIGNER_NAME: z.string().optional(),
  })
  .transform((env) => ({
    env: env.NODE_ENV,
    roles: env.ROLES,
    http: { host: env.HOST, port: env.PORT, publicUrl: env.PUBLIC_URL.replace(/\/$/, ''), trustProxy: env.TRUST_PROXY },
    databaseUrl: env.DATABASE_URL,
    sessionSecret: env.SESSION_SECRET,
    mail: {
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM,
      capture: env.SMTP_URL ? undefined : { port: env.MAIL_CAPTURE_PORT, dir: env.MAIL_CAPTURE_DIR },
    },
    logLevel: env.LOG_LEVEL,
    auth: {
      activationTtlHours: env.ACTIVATION_TTL_HOURS,
      passwordResetTtlMinutes: env.PASSWORD_RESET_TTL_MINUTES,
      lockoutUserFailures: env.LOCKOUT_USER_FAILURES,
      lockoutIpFailures: env.LOCKOUT_IP_FAILURES,
      lockoutMinutes: env.LOCKOUT_MINUTES,
      mailRequestsPerHour: env.MAIL_REQUESTS_PER_HOUR,
    },
    pbx: {
      nodes: env.ARI_URL.map((url) => ({ name: new URL(url).host, url: url.replace(/\/$/, '') })),
      user: env.ARI_USER,
      password: env.ARI_PASSWORD,
      app: env.ARI_APP,
      requestTimeoutMs: env.ARI_REQUEST_TIMEOUT_MS,
      reconnectMaxMs: env.ARI_RECONNECT_MAX_MS,
      maxSetupsInFlight: env.PBX_MAX_SETUPS_IN_FLIGHT,
    },
    documents: { cabinetAgreementVersion: env.CABINET_AGREEMENT_VERSION, offerVersion: env.OFFER_VERSION },
    media: {
      /** Asterisk's sounds directory as this process sees it (shared with Asterisk): account prompts go under custom/. */
      soundsDir: env.SOUNDS_DIR,
      /** Files the app itself keeps: issued documents, end-of-service archives. */
      storageDir: env.STORAGE_DIR,
    },
    billing: {
      graceDays: env.BILLING_GRACE_DAYS,
      invoiceDueDays: env.BILLING_INVOICE_DUE_DAYS,
      knp: env.BILLING_KNP,
      /** The provider's requisites printed on every document; the monthly run refuses to issue without them. */
      seller: env.SELLER_NAME && env.SELLER_BIN && env.SELLER_ADDRESS && env.SELLER_IIK && env.SELLER_BANK && env.SELLER_BIK && env.SELLER_SIGNER_NAME
        ? {
            name: env.SELLER_NAME, bin: env.SELLER_BIN, address: env.SELLER_ADDRESS, iik: env.SELLER_IIK, bank: env.SELLER_BANK,
            bik: env.SELLER_BIK, kbe: env.SELLER_KBE, signedBy: { position: env.SELLER_SIGNER_POSITION, name: env.SELLER_SIGNER_NAME },
          }
        : undefined,
    },
  }));

export type Config = z.output<typeof schema>;

/** Reads and validates the environment once; lists every problem and throws. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return parsed.data;
}
