// The workloads the PostgreSQL target offers, by name: the schema, the operations and the
// audit all key on these, so the names live below all of them.

export const POSTGRES_WORKLOADS = ['list-append', 'rw-register', 'counter', 'bank', 'set'] as const;
export type PostgresWorkloadName = (typeof POSTGRES_WORKLOADS)[number];
