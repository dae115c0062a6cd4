import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderActPdf } from '../../../app/features/documents/act-pdf';
import { loadDocumentFonts, type DocumentFonts } from '../../../app/features/documents/fonts';
import { renderInvoicePdf } from '../../../app/features/documents/invoice-pdf';
import { renderVatInvoicePdf } from '../../../app/features/documents/vat-invoice-pdf';
import { buildAct, buildInvoice, buildVatInvoice, items, seller } from './factory';
import { embeddedFonts, readPdf } from './pdf-text';

const TOTAL_IN_WORDS = 'Тридцать тысяч девятьсот двадцать четыре тенге 99 тиын';
const SCREENSHOTS = path.join(__dirname, '../../../var/screenshots/documents');

describe('document PDFs', () => {
  let fonts: DocumentFonts;
  before(() => {
    fonts = loadDocumentFonts();
  });

  describe('invoice for payment (счет на оплату)', () => {
    it('prints the payment order sample, title, parties, lines, VAT and the amount in words', async () => {
      const { text, pages } = await readPdf(await renderInvoicePdf(buildInvoice(), fonts));
      expect(pages).to.equal(1);
      for (const expected of [
        'Образец платежного поручения',
        `Бенефициар: ${seller.name} БИН: ${seller.bin}`,
        'ИИК KZ86125KZT5004100100', 'Кбе 17', 'БИК HSBKKZKX', 'Код назначения платежа 859',
        'Счет на оплату № 26-000015 от 31 января 2026 г.',
        'Поставщик: БИН / ИИН 990601301525, ТОО «Облачная АТС»',
        'Покупатель: БИН / ИИН 890525350143, ТОО «Рога & Копыта» "Юг"',
        'Договор: № ВАТС-2025/117 от 14.03.2025',
        'Исходящие вызовы на мобильные номера 1 234 мин 12,50 15 425,00',
        'Итого: 30 924,99', 'В том числе НДС 16%: 4 265,52',
        `Всего к оплате: ${TOTAL_IN_WORDS}`,
        'Исполнитель', '/Иванов И. И./',
      ]) expect(text).to.include(expected);
    });

    it('says "без НДС" when the seller is not a VAT payer', async () => {
      const doc = buildInvoice({ vat: { ratePercent: null, pricesIncludeVat: true } });
      const { text } = await readPdf(await renderInvoicePdf(doc, fonts));
      expect(text).to.include('Без НДС');
      expect(text).not.to.match(/НДС 1\d%/);
    });

    it('adds VAT on top when prices are stated without it', async () => {
      const doc = buildInvoice({ vat: { ratePercent: 16, pricesIncludeVat: false }, items: items.slice(0, 1) });
      const { text } = await readPdf(await renderInvoicePdf(doc, fonts));
      expect(text).to.include('Итого: 10 000,00 НДС 16%: 1 600,00 Всего с НДС: 11 600,00');
      expect(text).to.include('Всего к оплате: Одиннадцать тысяч шестьсот тенге 00 тиын');
    });

    it('continues a long table on the next page and numbers the pages', async () => {
      const many = Array.from({ length: 50 }, (_, i) => ({ ...items[2], name: `Исходящие вызовы, направление ${i + 1}` }));
      const pdf = await renderInvoicePdf(buildInvoice({ items: many }), fonts);
      const { text, pages } = await readPdf(pdf);
      expect(pages).to.equal(2);
      expect(text).to.include('Страница 1 из 2');
      expect(text.match(/№ Наименование Кол-во Ед\. Цена Сумма/g)).to.have.length(2);
      expect(text).to.include('50 Исходящие вызовы, направление 50 1 234 мин 12,50 15 425,00');
    });
  });

  describe('act of services rendered (Р-1)', () => {
    it('prints form Р-1 with both parties, the lines, the total and both signatures', async () => {
      const pdf = await renderActPdf(buildAct(), fonts);
      const { text } = await readPdf(pdf);
      for (const expected of [
        'Форма Р-1', 'от 20 декабря 2012 года № 562',
        'Заказчик ТОО «Рога & Копыта» "Юг"', 'ИИН/БИН 890525350143',
        'Исполнитель ТОО «Облачная АТС»', 'ИИН/БИН 990601301525',
        'Договор (контракт) № ВАТС-2025/117 от 14.03.2025',
        'Номер документа Дата составления 26-000015 31.01.2026',
        'АКТ ВЫПОЛНЕННЫХ РАБОТ (ОКАЗАННЫХ УСЛУГ)',
        'Виртуальный номер +7 727 123 45 67 31.01.2026 шт 2 1 500,00 3 000,00',
        'Итого х х 30 924,99', 'В том числе НДС 16%: 4 265,52',
        `Всего оказано услуг на сумму: ${TOTAL_IN_WORDS}, в том числе НДС 16%: 4 265,52`,
        'Сдал (Исполнитель)', 'Принял (Заказчик)', '/Сапарова А. К./',
      ]) expect(text).to.include(expected);
    });

    it('is landscape A4', async () => {
      const pdf = await renderActPdf(buildAct(), fonts);
      expect(pdf.toString('latin1')).to.match(/\/MediaBox \[0 0 841\.89 595\.28\]/);
    });
  });

  describe('VAT invoice (счет-фактура), printable copy', () => {
    it('prints the turnover date, both parties, VAT per line and the totals', async () => {
      const { text } = await readPdf(await renderVatInvoicePdf(buildVatInvoice({ esfRegistrationNumber: 'KZ-ESF-2026-0000001' }), fonts));
      for (const expected of [
        'СЧЕТ-ФАКТУРА № 26-000015 от 31.01.2026',
        'Дата совершения оборота: 31.01.2026',
        'Регистрационный номер в ИС ЭСФ: KZ-ESF-2026-0000001',
        'Наименование ТОО «Облачная АТС» Наименование ТОО «Рога & Копыта» "Юг"',
        'ИИК KZ86125KZT5004100100 ИИК KZ18722S000012345678',
        'Абонентская плата по тарифу «Бизнес» (виртуальная АТС, 10 пользователей) мес. 1 8 620,69 8 620,69 16% 1 379,31 10 000,00 8 620,69',
        'Всего по счету 26 659,47 х 4 265,52 30 924,99 26 659,47',
        'Руководитель организации', 'Главный бухгалтер', '/Петрова А. С./',
      ]) expect(text).to.include(expected);
    });
  });

  it('embeds DejaVu Sans for the Cyrillic text and no other font', async () => {
    for (const pdf of await renderAll(fonts)) {
      const names = embeddedFonts(pdf).map((n) => n.split('+')[1]).sort();
      expect(names).to.deep.equal(['DejaVuSans', 'DejaVuSans-Bold']);
      expect(pdf.toString('latin1')).not.to.include('Helvetica');
    }
  });

  it('gives the same bytes for the same document, dated by the document date', async () => {
    const [first, second] = [await renderAll(fonts), await renderAll(fonts)];
    first.forEach((pdf, i) => expect(pdf.equals(second[i]), `document ${i}`).to.equal(true));
    const { info } = await readPdf(first[0]);
    expect(info.CreationDate).to.equal('D:20260130190000Z'); // 31.01.2026 00:00 in Almaty (UTC+5)
    expect(info.Title).to.equal('Счет на оплату № 26-000015 от 31 января 2026 г.');
  });

  it('refuses to render a document whose totals do not add up', async () => {
    const doc = buildInvoice();
    const broken = { ...doc, totals: { ...doc.totals, gross: doc.totals.gross + 100 } };
    const error = await renderInvoicePdf(broken, fonts).then(() => null, (e: Error) => e);
    expect(error?.message).to.match(/invoice for payment is not valid[\s\S]*totals\.gross/);
  });

  it('names the missing package when the fonts are not installed', () => {
    expect(() => loadDocumentFonts('/nonexistent/fonts')).to.throw(/DejaVuSans\.ttf[\s\S]*fonts-dejavu-core/);
  });

  it('renders page one of each document to PNG for people to look at (var/screenshots/documents)', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const names = ['invoice', 'act', 'vat-invoice'];
    (await renderAll(fonts)).forEach((pdf, i) => {
      const file = path.join(SCREENSHOTS, `${names[i]}.pdf`);
      writeFileSync(file, pdf);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, path.join(SCREENSHOTS, names[i])]);
      expect(existsSync(path.join(SCREENSHOTS, `${names[i]}.png`))).to.equal(true);
    });
  });
});

function renderAll(fonts: DocumentFonts): Promise<Buffer[]> {
  return Promise.all([renderInvoicePdf(buildInvoice(), fonts), renderActPdf(buildAct(), fonts), renderVatInvoicePdf(buildVatInvoice(), fonts)]);
}
