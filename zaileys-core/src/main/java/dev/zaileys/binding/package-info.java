/**
 * A message store bound to a socket's events ({@link dev.zaileys.binding.StoreBinding}): the only
 * package that knows both the store API and the socket SPI, so neither knows the other.
 */
package dev.zaileys.binding;
