package io.govclear.security;

import io.govclear.channel.bank.BankKeys;

/**
 * A bank counter's request whose signature checked out: the bank, its path (the answer's signature covers it), its
 * nonce (recorded by the endpoint) and the body.
 */
public record BankRequest(BankKeys.Keys bank, String path, String nonce, byte[] body) {
}
