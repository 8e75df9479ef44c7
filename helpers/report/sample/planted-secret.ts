/** A known secret the sample lab registers; the report must never contain it. */
export const PLANTED_SECRET = "planted-secret-9f8e7d6c5b4a";
