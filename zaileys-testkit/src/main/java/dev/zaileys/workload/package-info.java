/**
 * The standard benchmark workload of WORKLOAD.md: a deterministic generator whose data is
 * identical to the byte across implementations (checked against the specification's test vectors).
 */
package dev.zaileys.workload;
