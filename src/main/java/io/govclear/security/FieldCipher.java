package io.govclear.security;

/**
 * Authenticated encryption of one field at rest (SM4-GCM or AES-GCM). The associated data binds a ciphertext to
 * its row, so a ciphertext copied to another row does not decrypt.
 */
public interface FieldCipher {

    byte[] encrypt(byte[] plaintext, byte[] associatedData);

    byte[] decrypt(byte[] ciphertext, byte[] associatedData);
}
