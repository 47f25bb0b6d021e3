/** A resource limit: one number for both, or soft and hard apart. */
export type Ulimit = number | { soft: number; hard: number };
