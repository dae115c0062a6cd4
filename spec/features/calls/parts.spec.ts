import { expect } from 'chai';
import { cell } from '../../../app/features/calls/csv';
import { isCalendarDay, localDateTime, startOfLocalDay } from '../../../app/features/calls/period';
import { clock } from '../../../app/features/calls/presenter';
import { numberForms, readCursor, readFilters } from '../../../app/features/calls/schemas';

describe('call history parts', () => {
  it('turns a local day into the instant it starts, with the offset of that day (Almaty was UTC+6 before March 2024)', () => {
    expect(startOfLocalDay('2026-11-20', 'Asia/Almaty').toISOString()).to.equal('2026-11-19T19:00:00.000Z');
    expect(startOfLocalDay('2024-01-15', 'Asia/Almaty').toISOString()).to.equal('2024-01-14T18:00:00.000Z');
    expect(startOfLocalDay('2026-11-20', 'Asia/Aqtobe').toISOString()).to.equal('2026-11-19T19:00:00.000Z');
    expect(localDateTime(new Date('2026-11-19T19:00:00Z'), 'Asia/Almaty')).to.equal('2026-11-20 00:00:00');
    expect(['2026-02-30', '2026-1-1', '20261101', '1999-12-31'].map(isCalendarDay)).to.deep.equal([false, false, false, false]);
  });

  it('reads a typed number into every form it may be stored in; short numbers stay as typed', () => {
    expect(numberForms('8 (701) 555-12-34')).to.deep.equal(['+77015551234', '77015551234', '87015551234']);
    expect(numberForms('+44 20 7946 0958')).to.deep.equal(['+442079460958', '442079460958']);
    expect(numberForms('101')).to.deep.equal(['101']);
    expect(numberForms('hello')).to.equal(undefined);
  });

  it('keeps good filters when others are bad, and reads only well-formed cursors', () => {
    const read = readFilters({ from: '2026-11-20', to: 'yesterday', direction: 'inbound', extension: '5', outcome: ['a', 'b'] }, [7], 'Asia/Almaty');
    expect(read.filters.since?.toISOString()).to.equal('2026-11-19T19:00:00.000Z');
    expect(read.filters).to.include({ direction: 'inbound', until: undefined, extensionId: undefined, outcome: undefined });
    expect(read.errors).to.deep.equal({ to: 'calls.errors.date', extension: 'calls.errors.extension', outcome: 'validation.choose' });
    expect(readFilters({ to: '2026-11-20' }, [], 'Asia/Almaty').filters.until?.toISOString()).to.equal('2026-11-20T19:00:00.000Z');
    expect(readCursor('older:1790817000000.71')).to.deep.include({ id: 71, towards: 'older' });
    for (const bad of ['older:x.1', 'sideways:1.1', 'older:99999999999999999.1', ['older:1.1'], undefined]) expect(readCursor(bad)).to.equal(undefined);
  });

  it('writes CSV cells Excel reads as data', () => {
    expect(cell('+77015551234')).to.equal('+77015551234');
    expect(cell('=1+1')).to.equal("'=1+1");
    expect(cell('-2')).to.equal("'-2");
    expect(cell('a;b "c"')).to.equal('"a;b ""c"""');
    expect(cell(null)).to.equal('');
    expect([clock(0), clock(65), clock(3725), clock(null)]).to.deep.equal(['00:00', '01:05', '1:02:05', '']);
  });
});
