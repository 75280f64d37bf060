import { describe, expect, it } from 'vitest';
import { isNonCompressedTarballHeader } from './tarball.js';

const withUstar = () => {
  const b = Buffer.alloc(512);
  b.write('ustar', 257);
  return b;
};

describe('isNonCompressedTarballHeader', () => {
  it('is true only for an uncompressed tar header', () => {
    expect(isNonCompressedTarballHeader(withUstar())).toBe(true);
    expect(isNonCompressedTarballHeader(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe(false);
    expect(isNonCompressedTarballHeader(Buffer.from('BZh91AY'))).toBe(false);
    expect(isNonCompressedTarballHeader(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0]))).toBe(false);
    expect(isNonCompressedTarballHeader(Buffer.from('short'))).toBe(false);
    const gzipped = withUstar();
    gzipped[0] = 0x1f;
    gzipped[1] = 0x8b;
    expect(isNonCompressedTarballHeader(gzipped)).toBe(false);
  });
});
