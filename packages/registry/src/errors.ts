/**
 * Why the registry refused a change, as a table: the code is what callers branch on, the text is the documentation
 * (the README's registry section lists the same codes).
 */
export const RegistryErrorCodes = {
  INVALID_INPUT: 'The subgraph name, routing URL or another field is malformed. Nothing was checked.',
  INVALID_SDL: 'The subgraph SDL does not parse as GraphQL.',
  SDL_FETCH_FAILED: "The subgraph's `_service { sdl }` could not be fetched (unreachable, refused, or no SDL in the answer).",
  COMPOSITION_ERROR: 'The candidate subgraph set does not compose into a supergraph; `reason` holds the composition error code.',
  BREAKING_CHANGE: "The change breaks the client-facing API of the current version at `location` (pass allowBreaking to publish it anyway).",
  NOT_FOUND: 'The subgraph or supergraph version named does not exist.',
  EMPTY_GRAPH: 'The change would leave no subgraph to serve.',
  CONFLICT: 'Other versions were published while this one was being checked, and retrying did not settle it. Nothing was written.',
  NOT_OWNER: "The identity may not change this subgraph: a VENDOR token checks, publishes, removes and reads the history of only the subgraph names its `subgraphs` claim lists.",
  FIELD_OWNERSHIP: 'The subgraph overrides (`@override`) or defines again a field of an entity another subgraph owns (`location`; `reason` OVERRIDE or REDEFINED). Extend the type with fields of your own instead.',
  PERSONAL_DATA_UNDECLARED:
    'A field that looks like personal data (ID number, phone, birth date, plate, address, face, health, special-population label) declares no masking and audit rule (`location`; `reason` UNDECLARED, MASK_OR_AUDIT_MISSING, READS_NOT_AUDITED or PERSONAL_CLASS; `fix` says what to add: `@Sensitive` or `@Classified`).',
} as const;

export type RegistryErrorCode = keyof typeof RegistryErrorCodes;

/** One reason a check failed; `location` is a schema coordinate (`Type.field`, `Type.field(arg:)`) when there is one. */
export interface RegistryError {
  code: RegistryErrorCode;
  message: string;
  location?: string;
  /** The subgraph the error is about, when it is about one. */
  subgraph?: string;
  /** For COMPOSITION_ERROR: Apollo's composition error code (e.g. FIELD_TYPE_MISMATCH); for the privacy and ownership check: which rule. */
  reason?: string;
  /** What to change so the check passes (privacy and ownership refusals). */
  fix?: string;
}

export const registryError = (code: RegistryErrorCode, message: string, extra: Omit<RegistryError, 'code' | 'message'> = {}): RegistryError => ({
  code,
  message,
  ...extra,
});
