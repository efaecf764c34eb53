/**
 * The inputs' fingerprint in a process that takes it again (`--watch`, a test
 * run), where files' digests are kept between runs: any change to an input
 * changes the fingerprint, also one that keeps the file's size and mtime (its
 * ctime still moves) and one made right after the file was read.
 */

import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inputsFingerprint } from '../../src/write/fingerprint.js';
import { tempProject } from '../support/project.js';

const project = await tempProject({ mappings: ['kickserv'] });
afterAll(() => project.dispose());
const mapping = path.join(project.root, 'mappings/kickserv.yaml');
const original = await project.read('mappings/kickserv.yaml');
const anHourAgo = new Date(Date.now() - 3_600_000);

describe('the inputs fingerprint, taken again in one process', () => {
  it('is the same for unchanged inputs, from the digests kept or read afresh', () => {
    expect(inputsFingerprint(project.root)).toBe(inputsFingerprint(project.root));
  });

  it('changes when an input changes, even with its size and mtime as they were', () => {
    utimesSync(mapping, anHourAgo, anHourAgo);
    const before = inputsFingerprint(project.root);
    expect(inputsFingerprint(project.root)).toBe(before);
    const edited = original.replace('service: kickserv', 'service: kickserx');
    expect(edited.length).toBe(original.length);
    writeFileSync(mapping, edited);
    utimesSync(mapping, anHourAgo, anHourAgo);
    const after = inputsFingerprint(project.root);
    expect(after).not.toBe(before);
    writeFileSync(mapping, original);
    utimesSync(mapping, anHourAgo, anHourAgo);
    expect(inputsFingerprint(project.root)).toBe(before);
  });

  it('changes when an input changes again right after it was read', () => {
    writeFileSync(mapping, original);
    const first = inputsFingerprint(project.root);
    writeFileSync(mapping, original.replace('service: kickserv', 'service: kickserx'));
    const second = inputsFingerprint(project.root);
    expect(second).not.toBe(first);
    writeFileSync(mapping, original);
    expect(inputsFingerprint(project.root)).toBe(first);
  });
});
