import { vatRateOn } from '../../kz/vat';
import { isValidBin } from '../../kz/bin';
import { translate } from '../../web/i18n';
import type { Config } from '../../config';
import type { PaymentMethod } from '../accounts/entities';
import type { DocumentKind } from './entities';
import { priceLines, type LineItem } from './lines';
import { addDays, localDay, periodBounds } from './period';
import type { ActDocument, Buyer, InvoiceDocument, VatInvoiceDocument } from './schemas';

export type Seller = NonNullable<Config['billing']['seller']>;

/** What issuance knows about a customer: its requisites and how it pays. */
export interface Customer {
  id: number;
  legalName: string;
  bin: string | null;
  address: string | null;
  paymentMethod: PaymentMethod;
  contractDate: Date;
}

/** One service category's charges in the month: the sum is positive tiyn, VAT included. */
/** The accounts columns a Customer is read from, and the row they give. */
export const CUSTOMER_COLUMNS = 'id, legal_name, bin, address, payment_method, created_at, offer_accepted_at';
export interface CustomerRow { id: number; legal_name: string; bin: string | null; address: string | null; payment_method: PaymentMethod; created_at: Date; offer_accepted_at: Date | null }

/** The customer of an accounts row; the contract dates from the offer's acceptance, else the account's creation. */
export function customerOf(row: CustomerRow): Customer {
  return {
    id: row.id, legalName: row.legal_name, bin: row.bin, address: row.address,
    paymentMethod: row.payment_method, contractDate: row.offer_accepted_at ?? row.created_at,
  };
}

export interface MonthCharge {
  category: string;
  amountTiyn: number;
}

export interface DocumentTerms {
  seller: Seller;
  knp: string;
  invoiceDueDays: number;
}

/**
 * Which documents a customer gets for a month with charges. Postpaid: an invoice for the accumulated charges
 * (to be paid by its due date), an act and a VAT invoice. Prepaid: the services were paid for in advance from
 * the balance, so only the act and the VAT invoice; invoices for top-ups are not issued by this run.
 */
export function kindsFor(paymentMethod: PaymentMethod): DocumentKind[] {
  return paymentMethod === 'postpaid' ? ['invoice', 'act', 'vat_invoice'] : ['act', 'vat_invoice'];
}

/** The buyer as documents print it, or undefined when the account lacks a valid БИН/ИИН or an address. */
export function buyerOf(customer: Customer): Buyer | undefined {
  if (!customer.bin || !isValidBin(customer.bin) || !customer.address?.trim()) return undefined;
  return { name: customer.legalName, bin: customer.bin, address: customer.address.trim() };
}

/** The name of a service category as a document line says it. */
export function lineName(category: string, period: string): string {
  const month = `${period.slice(5)}.${period.slice(0, 4)}`;
  if (category === 'calls') return `Услуги связи: вызовы за ${month}`;
  if (category === 'correction') return `Корректировка стоимости услуг за ${month}`;
  if (category === 'subscription') return `Абонентская плата за виртуальную АТС за ${month}`;
  if (category.startsWith('option:')) {
    const key = `billing.reasons.option.${category.slice(7)}`;
    const name = translate('ru', key); // documents are in Russian: the option's name as the tariff texts give it
    return `${name === key ? `Дополнительная услуга «${category.slice(7)}»` : name} за ${month}`;
  }
  return `Услуги виртуальной АТС (${category}) за ${month}`;
}

/** The month's frozen document inputs for one customer, numbered by the caller; VAT at the rate in force on the turnover date. */
export function monthDocumentInputs(customer: Customer, buyer: Buyer, charges: readonly MonthCharge[], period: string, terms: DocumentTerms) {
  const { firstDay, lastDay } = periodBounds(period);
  const vat = { ratePercent: vatRateOn(lastDay), pricesIncludeVat: true };
  const items: LineItem[] = charges
    .filter((c) => c.amountTiyn > 0)
    .sort((a, b) => a.category.localeCompare(b.category))
    .map((c) => ({ name: lineName(c.category, period), unit: 'усл.', quantity: 1, unitPrice: c.amountTiyn, renderedOn: lastDay }));
  const { lines, totals } = priceLines(items, vat);
  const { signedBy, ...seller } = terms.seller;
  const common = {
    date: lastDay,
    seller,
    buyer,
    contract: { number: `ВАТС-${customer.id}`, date: localDay(customer.contractDate) },
    period: { from: firstDay, to: lastDay },
    vat,
    lines,
    totals,
    signedBy,
  };
  const dueDate = addDays(lastDay, terms.invoiceDueDays);
  return {
    dueDate,
    turnoverDate: lastDay,
    build(kind: DocumentKind, number: string): InvoiceDocument | ActDocument | VatInvoiceDocument {
      if (kind === 'invoice') return { ...common, number, knp: terms.knp, payBy: dueDate };
      if (kind === 'act') return { ...common, number };
      return { ...common, number, turnoverDate: lastDay };
    },
  };
}
