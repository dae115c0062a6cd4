import { expect } from 'chai';
import { renderActPdf } from '../../../app/features/documents/act-pdf';
import { loadDocumentFonts } from '../../../app/features/documents/fonts';
import { renderInvoicePdf } from '../../../app/features/documents/invoice-pdf';
import { renderVatInvoicePdf } from '../../../app/features/documents/vat-invoice-pdf';
import { buildAct, buildInvoice, buildVatInvoice } from './factory';
import { readPdf } from './pdf-text';

describe('document PDFs drawn one after another with the same parsed fonts (as the monthly run does)', () => {
  it('copy as the same text as when drawn alone: requisites stay readable, whatever was drawn before', async () => {
    const fonts = loadDocumentFonts();
    const alone = (await readPdf(await renderInvoicePdf(buildInvoice(), loadDocumentFonts()))).text;
    await renderVatInvoicePdf(buildVatInvoice(), fonts);
    await renderActPdf(buildAct(), fonts);
    const after = (await readPdf(await renderInvoicePdf(buildInvoice(), fonts))).text;
    expect(after).to.include('ИИК KZ86125KZT5004100100').and.include('БИК HSBKKZKX');
    expect(after).to.equal(alone);
  });
});
