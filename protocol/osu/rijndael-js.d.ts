// rijndael-js 2.x ships no types; the surface we use (constructor, encrypt, decrypt).
declare module 'rijndael-js' {
  type Bytes = Uint8Array | ArrayLike<number> | string;
  export default class Rijndael {
    constructor(key: Bytes, mode: 'ecb' | 'cbc');
    /** Zero-pads the plaintext to the block size. */
    encrypt(plaintext: Bytes, blockSize: 128 | 192 | 256, iv?: Bytes): number[];
    /** Does not strip padding. Throws when the input is not a whole number of blocks. */
    decrypt(ciphertext: Bytes, blockSize: 128 | 192 | 256, iv?: Bytes): number[];
  }
}
