import { z } from 'zod';
import { isValidBin } from '../../kz/bin';
import { isValidBik, isValidIik } from '../../kz/iban';
import { reconcile } from './lines';

const text = z.string().trim().min(1);
const isoDate = z.iso.date();
const tiyn = z.number().int().refine(Number.isSafeInteger, 'out of range');
const bin = z.string().refine(isValidBin, 'БИН/ИИН: 12 digits with a valid check digit');
const iik = z.string().refine(isValidIik, 'ИИК: KZ, 2 check digits, 3-digit bank code, 13 characters, mod-97 check');
const bik = z.string().refine(isValidBik, 'БИК: 8 characters, e.g. HSBKKZKX');
const kbe = z.string().regex(/^[12]\d$/, 'КБе: 2 digits, residency 1 or 2 then the sector');

/** The seller: the provider itself, with the bank account the buyer pays to. */
export const sellerSchema = z.object({
  name: text,
  bin,
  address: text,
  iik,
  bank: text,
  bik,
  kbe,
});

/** The buyer: bank requisites are printed when known, never required. */
export const buyerSchema = z.object({
  name: text,
  bin,
  address: text,
  iik: iik.optional(),
  bank: text.optional(),
  bik: bik.optional(),
  kbe: kbe.optional(),
});

/** Who signs for a side: position and name as printed under the signature line. */
export const signatorySchema = z.object({ position: text, name: text });

export const lineSchema = z.object({
  name: text,
  unit: text,
  unitCode: z.string().regex(/^\d{3,4}$/).optional(),
  quantity: z.number().positive(),
  unitPrice: tiyn.nonnegative(),
  renderedOn: isoDate.optional(),
  amount: tiyn,
  net: tiyn,
  vat: tiyn,
  gross: tiyn,
});

const baseFields = {
  number: text,
  date: isoDate,
  seller: sellerSchema,
  buyer: buyerSchema,
  contract: z.object({ number: text, date: isoDate }),
  period: z.object({ from: isoDate, to: isoDate }),
  vat: z.object({ ratePercent: z.number().min(0).max(99).nullable(), pricesIncludeVat: z.boolean() }),
  lines: z.array(lineSchema).min(1),
  totals: z.object({ net: tiyn, vat: tiyn, gross: tiyn }),
  /** The seller's person who signs (director or an authorized employee). */
  signedBy: signatorySchema,
  /** Set on a correction: the document it corrects, as printed on that document. */
  corrects: z.object({ number: text, date: isoDate, esfRegistrationNumber: text.optional() }).optional(),
};

type Base = z.infer<z.ZodObject<typeof baseFields>>;

function mustReconcile(doc: Base, ctx: z.RefinementCtx): void {
  for (const message of reconcile(doc)) ctx.addIssue({ code: 'custom', message, path: ['lines'] });
  if (doc.period.from > doc.period.to) ctx.addIssue({ code: 'custom', message: 'period ends before it starts', path: ['period'] });
}

/** Счет на оплату: adds the payment purpose code printed in the sample payment order. */
export const invoiceDocumentSchema = z
  .object({ ...baseFields, knp: z.string().regex(/^\d{3}$/, 'КНП: 3 digits'), payBy: isoDate.optional() })
  .superRefine(mustReconcile);

/** Акт выполненных работ (оказанных услуг), form Р-1: the customer's signatory is optional (signs by hand). */
export const actDocumentSchema = z
  .object({ ...baseFields, acceptedBy: signatorySchema.optional() })
  .superRefine(mustReconcile);

/** Счет-фактура: adds the turnover date and, once the ИС ЭСФ has accepted it, its registration number. */
export const vatInvoiceDocumentSchema = z
  .object({
    ...baseFields,
    turnoverDate: isoDate,
    chiefAccountant: signatorySchema.optional(),
    esfRegistrationNumber: text.optional(),
  })
  .superRefine(mustReconcile);

export type Seller = z.infer<typeof sellerSchema>;
export type Buyer = z.infer<typeof buyerSchema>;
export type Signatory = z.infer<typeof signatorySchema>;
export type AccountingDocument = Base;
export type InvoiceDocument = z.infer<typeof invoiceDocumentSchema>;
export type ActDocument = z.infer<typeof actDocumentSchema>;
export type VatInvoiceDocument = z.infer<typeof vatInvoiceDocumentSchema>;

/** Parses a document or throws one error listing every problem, so a bad document is never rendered. */
export function validDocument<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new Error(`${what} is not valid:\n${z.prettifyError(result.error)}`);
  return result.data;
}
