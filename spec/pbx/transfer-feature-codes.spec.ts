import { expect } from 'chai';
import { createLogger } from '../../app/logger';
import { FEATURE_GAP_MS, FeatureCodeReader, type FeatureCode } from '../../app/pbx/transfer/feature-codes';
import { IllegalTransition, StateMachine } from '../../app/pbx/transfer/machine';

function read(digits: string, gapMs = 100): (FeatureCode | undefined)[] {
  const reader = new FeatureCodeReader();
  return [...digits].map((d, i) => reader.push(d, i * gapMs));
}

describe('transfer feature codes and state machines', () => {
  it('given *2<ext>#, then the last digit completes a blind transfer to the extension; *3<ext># an attended one', () => {
    expect(read('*2203#').at(-1)).to.deep.equal({ kind: 'blind', exten: '203' });
    expect(read('*3203#').at(-1)).to.deep.equal({ kind: 'attended', exten: '203' });
    expect(read('*2203#').slice(0, -1).every((c) => c === undefined)).to.equal(true);
  });

  it('given digits around a code, a restarted code, or an unknown feature, then only a well-formed code counts', () => {
    expect(read('12*2203#').at(-1)).to.deep.equal({ kind: 'blind', exten: '203' });
    expect(read('*22*3204#').at(-1)).to.deep.equal({ kind: 'attended', exten: '204' });
    expect(read('*9203#').filter(Boolean)).to.deep.equal([]);
    expect(read('*2#').filter(Boolean)).to.deep.equal([]);
    expect(read('*2123456789#').filter(Boolean), 'no extension is that long').to.deep.equal([]);
  });

  it('given a pause longer than the gap inside a code, then the code is forgotten', () => {
    expect(read('*2203#', FEATURE_GAP_MS + 1).filter(Boolean)).to.deep.equal([]);
  });

  it('given a state machine, when a transition its table does not allow is asked for, then it throws and stays where it was', () => {
    const machine = new StateMachine<'a' | 'b' | 'c'>('test', 'a', { a: ['b'], b: ['c'], c: [] }, createLogger('silent'));
    machine.to('b');
    expect(() => machine.to('a')).to.throw(IllegalTransition);
    machine.to('c');
    expect(machine.final).to.equal(true);
    expect(machine.history).to.deep.equal(['a', 'b', 'c']);
  });
});
