// What a node answers to one client request, before the session adds the request id.

export type Outcome =
  | { ok: true; value: unknown; node: string }
  /** `definite`: the operation did not take effect and never will. */
  | { ok: false; error: string; definite: boolean; node: string };

export type Respond = (outcome: Outcome) => void;
