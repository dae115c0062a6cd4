import { priceLines, type LineItem, type VatTerms } from '../../../app/features/documents/lines';
import type { ActDocument, InvoiceDocument, VatInvoiceDocument } from '../../../app/features/documents/schemas';

/** The provider, with the sample ИИК from shared/DOMAIN.md. */
export const seller = {
  name: 'ТОО «Облачная АТС»',
  bin: '990601301525',
  address: 'Республика Казахстан, г. Алматы, пр. Абая, д. 10, офис 5',
  iik: 'KZ86125KZT5004100100',
  bank: 'АО «Народный Банк Казахстана»',
  bik: 'HSBKKZKX',
  kbe: '17',
};

/** A customer whose name needs escaping in XML. */
export const buyer = {
  name: 'ТОО «Рога & Копыта» "Юг"',
  bin: '890525350143',
  address: 'Республика Казахстан, г. Астана, ул. Кенесары, д. 40 <оф. 12>',
  iik: 'KZ18722S000012345678',
  bank: 'АО «Kaspi Bank»',
  bik: 'CASPKZKA',
  kbe: '17',
};

export const items: LineItem[] = [
  { name: 'Абонентская плата по тарифу «Бизнес» (виртуальная АТС, 10 пользователей)', unit: 'мес.', unitCode: '362', quantity: 1, unitPrice: 10_000_00, renderedOn: '2026-01-31' },
  { name: 'Запись разговоров, дополнительное дисковое пространство 50 ГБ', unit: 'мес.', unitCode: '362', quantity: 1, unitPrice: 2_499_99, renderedOn: '2026-01-31' },
  { name: 'Исходящие вызовы на мобильные номера', unit: 'мин', unitCode: '355', quantity: 1234, unitPrice: 12_50, renderedOn: '2026-01-31' },
  { name: 'Виртуальный номер +7 727 123 45 67', unit: 'шт', unitCode: '796', quantity: 2, unitPrice: 1_500_00, renderedOn: '2026-01-31' },
];

const vat16: VatTerms = { ratePercent: 16, pricesIncludeVat: true };

/** A month's documents for one account, every field filled; overrides replace whole fields. */
function base(overrides: { vat?: VatTerms; items?: LineItem[] } = {}) {
  const vat = overrides.vat ?? vat16;
  const { lines, totals } = priceLines(overrides.items ?? items, vat);
  return {
    number: '26-000015',
    date: '2026-01-31',
    seller,
    buyer,
    contract: { number: 'ВАТС-2025/117', date: '2025-03-14' },
    period: { from: '2026-01-01', to: '2026-01-31' },
    vat,
    lines,
    totals,
    signedBy: { position: 'Директор', name: 'Иванов И. И.' },
  };
}

export function buildInvoice(overrides: Partial<InvoiceDocument> & { items?: LineItem[] } = {}): InvoiceDocument {
  return { ...base(overrides), knp: '859', payBy: '2026-02-10', ...withoutItems(overrides) };
}

export function buildAct(overrides: Partial<ActDocument> & { items?: LineItem[] } = {}): ActDocument {
  return { ...base(overrides), acceptedBy: { position: 'Директор', name: 'Сапарова А. К.' }, ...withoutItems(overrides) };
}

export function buildVatInvoice(overrides: Partial<VatInvoiceDocument> & { items?: LineItem[] } = {}): VatInvoiceDocument {
  return {
    ...base(overrides),
    turnoverDate: '2026-01-31',
    chiefAccountant: { position: 'Главный бухгалтер', name: 'Петрова А. С.' },
    ...withoutItems(overrides),
  };
}

function withoutItems<T extends { items?: unknown }>(overrides: T): Omit<T, 'items'> {
  const { items: _ignored, ...rest } = overrides;
  return rest;
}
