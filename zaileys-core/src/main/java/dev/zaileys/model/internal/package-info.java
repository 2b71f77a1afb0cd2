/**
 * Internal, not exported: the stores' zero-copy access to documents (their trees and adopting
 * constructors), installed by the model itself.
 */
package dev.zaileys.model.internal;
