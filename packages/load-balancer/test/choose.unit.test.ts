import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseEndpoint, parseEndpointList } from '../src/index.js';

const at = (pending: number, eligible = true) => ({ pending, eligible });

describe('chooseEndpoint', () => {
  it('given idle instances, when requests keep coming, then they go round robin', () => {
    const candidates = [at(0), at(0), at(0)];
    let cursor = -1;
    const chosen: number[] = [];
    for (let i = 0; i < 6; i++) {
      cursor = chooseEndpoint(candidates, cursor);
      chosen.push(cursor);
    }
    assert.deepEqual(chosen, [0, 1, 2, 0, 1, 2]);
  });

  it('given one instance busier than the others, then the least pending one is chosen', () => {
    assert.equal(chooseEndpoint([at(3), at(1), at(2)], -1), 1);
    assert.equal(chooseEndpoint([at(3), at(1), at(1)], 1), 2);
  });

  it('given an instance out of rotation, then it is skipped even when idle', () => {
    assert.equal(chooseEndpoint([at(0, false), at(5), at(9)], -1), 1);
  });

  it('given no instance in rotation, then every instance is a candidate (panic routing)', () => {
    assert.equal(chooseEndpoint([at(2, false), at(1, false)], -1), 1);
  });

  it('given instances already tried, then they are excluded, and -1 when none is left', () => {
    assert.equal(chooseEndpoint([at(0), at(0)], -1, new Set([0])), 1);
    assert.equal(chooseEndpoint([at(0), at(0)], -1, new Set([0, 1])), -1);
    assert.equal(chooseEndpoint([], -1), -1);
  });
});

describe('parseEndpointList', () => {
  it('given a comma-separated list, then it yields origins in order without duplicates', () => {
    assert.deepEqual(parseEndpointList(' http://a:1/ , http://b:2,http://a:1'), ['http://a:1', 'http://b:2']);
  });

  it('given a bad entry, then it names it', () => {
    assert.throws(() => parseEndpointList('http://a:1,ftp://b'), /'ftp:\/\/b' is not an http\(s\) URL/);
    assert.throws(() => parseEndpointList('http://a:1/api'), /has a path/);
    assert.throws(() => parseEndpointList('nope'), /'nope' is not a URL/);
    assert.throws(() => parseEndpointList(' , '), /no URL given/);
  });
});
