// @respite/engine — types for the Respite grace-period engine (WebAssembly build).
//
// Every document names its schema. Instants are RFC 3339 strings (any offset on input; output
// always UTC `Z`, milliseconds only when non-zero). Durations are ISO 8601 with days, hours,
// minutes and seconds only (`P7D`, `PT12H`, `P1DT6H`; years, months and weeks are refused: not a
// fixed length). Money is integer minor units plus an ISO 4217 code, never floating point.
// The full meaning of every field: docs/contract.md in the Respite repository.

/** An RFC 3339 instant, e.g. `"2026-12-04T15:05:00Z"` or `"2026-12-04T16:05:00.250+01:00"`. */
export type Instant = string;
/** An ISO 8601 duration of days, hours, minutes, seconds: `"P7D"`, `"PT12H"`, `"P1DT6H30M"`. */
export type Duration = string;
/** An ISO 4217 currency code: three upper-case letters. */
export type CurrencyCode = string;

/** An amount in minor units (cents) of a currency. */
export interface Money {
    amount: number;
    currency: CurrencyCode;
}

/** Minor units per currency; `"*"` stands for every currency not named. */
export type CurrencyThresholds = Record<CurrencyCode | '*', number>;

export type AccessLevel = 'full' | 'read_only' | 'none';
export type Severity = 'info' | 'warning' | 'critical';
export type AccountState = 'good_standing' | 'grace' | 'suspended' | 'canceled';
export type DeclineClass = 'soft' | 'hard' | 'authentication';
export type ActionType = 'update_payment_method' | 'authenticate_payment' | 'pay_invoice' | 'contact_billing';
export type ActionReason =
    | 'payment_method_expired' | 'hard_decline' | 'authentication_required' | 'soft_decline'
    | 'unpaid' | 'canceled';
export type Flag =
    | 'awaiting_payment_attempt' | 'exempt' | 'extended' | 'payment_method_expired'
    | 'repeat_grace' | 'retries_stopped';

// ---------------------------------------------------------------------------------------------
// Policy — respite.policy/1
// ---------------------------------------------------------------------------------------------

/** One step of a grace period, entered `after` the grace start (plus extensions). */
export interface Stage {
    name: string;
    /** Offset from the grace start; the first stage must be `"P0D"`. Strictly increasing. */
    after: Duration;
    access: AccessLevel;
    severity: Severity;
    /** Feature names a server should refuse in this stage (e.g. `"exports"`, `"api_write"`). */
    disabled_features?: string[];
    /** Banner message key; default `grace.info` / `grace.warning` / `grace.critical` / `grace.restricted` / `suspended`. */
    message?: string;
    /** Whether the banner may be dismissed; default: severity below critical and full access. */
    dismissible?: boolean;
    /** Entry condition (not on the first stage): at least this many unpaid invoices. */
    unpaid_invoices_at_least?: number;
    /** Entry condition: a balance of at least this much (per currency). */
    balance_at_least?: CurrencyThresholds;
    /** Entry condition: the last decline is of one of these classes or codes. */
    last_decline_in?: Array<DeclineClass | string>;
}

/** A reminder at an offset from the grace start … */
export interface ReminderAt {
    id: string;
    channel: string;
    at: Duration;
}
/** … or `by` before a stage (or the cancellation, `"canceled"`) is entered. */
export interface ReminderBeforeStage {
    id: string;
    channel: string;
    before_stage: string;
    by: Duration;
}
export type Reminder = ReminderAt | ReminderBeforeStage;

export interface Override {
    when: {
        plan?: string[];
        customer_for_at_least?: Duration;
        price_at_least?: CurrencyThresholds;
    };
    /** Pushes every stage after the first, and the cancellation, later. */
    extend_by?: Duration;
    /** Replaces the policy's stages. */
    stages?: Stage[];
}

export interface Policy {
    schema: 'respite.policy/1';
    id: string;
    name?: string;
    clock?: {
        starts_at?: 'invoice_due' | 'first_failure';
        /** `end_of_day`: every deadline after the first moves to the next local midnight (DST-correct). */
        day_boundary?: 'exact' | 'end_of_day';
    };
    /** `account` (default): the worst unpaid invoice drives the account; `subscription`: one grace per subscription. */
    scope?: 'account' | 'subscription';
    /** Open amounts below this (per currency) start no grace. */
    minimum_due?: CurrencyThresholds;
    /** 1..64 stages. */
    stages: Stage[];
    cancel_after?: Duration;
    retries?: { schedule: Duration[] };
    reminders?: Reminder[];
    /** A repeat defaulter's grace is compressed to `shortened_to`. */
    limits?: { max_grace_periods: number; window: Duration; shortened_to: Duration };
    overrides?: Override[];
}

// ---------------------------------------------------------------------------------------------
// Account — respite.account/1
// ---------------------------------------------------------------------------------------------

export interface Subscription {
    id: string;
    plan?: string;
    price?: Money;
    interval?: Duration;
    current_period_start?: Instant;
    current_period_end?: Instant;
    /** The provider's status, as given (`active`, `past_due`, …): kept, not interpreted. */
    status?: string;
    /** Accepted and ignored. */
    metadata?: Record<string, unknown>;
}

export type InvoiceStatus = 'open' | 'paid' | 'void' | 'uncollectible';

export interface Invoice {
    id: string;
    /** Required when the account has several subscriptions. */
    subscription_id?: string;
    amount_due: number;
    amount_paid: number;
    currency: CurrencyCode;
    due_at: Instant;
    status: InvoiceStatus;
    period_start?: Instant;
    period_end?: Instant;
    /** The provider's invoice number. Kept, not interpreted. */
    number?: string;
    created_at?: Instant;
    /** Accepted and ignored. */
    metadata?: Record<string, unknown>;
}

export interface PaymentAttempt {
    invoice_id: string;
    at: Instant;
    outcome: 'succeeded' | 'failed';
    /** Card-network name, as Stripe documents them: `insufficient_funds`, `expired_card`, `authentication_required`, … */
    decline_code?: string;
    /** The provider's id of the attempt (charge, transaction). */
    id?: string;
    /** Minor units. */
    amount?: number;
    /** Accepted and ignored. */
    metadata?: Record<string, unknown>;
}

export interface Account {
    schema: 'respite.account/1';
    id: string;
    /** The customer's name and e-mail (the importers fill them): kept, not interpreted. */
    name?: string;
    email?: string;
    plan?: string;
    /** IANA zone name; default `"UTC"`. In the browser it is resolved by the host's `Intl`. */
    timezone?: string;
    locale?: string;
    customer_since?: Instant;
    /** One subscription … */
    subscription?: Subscription;
    /** … or several (not both). */
    subscriptions?: Subscription[];
    invoices: Invoice[];
    payment_attempts?: PaymentAttempt[];
    payment_method?: { type: string; /** `YYYY-MM`, valid through the end of that month. */ expires?: string; last4?: string; brand?: string; id?: string };
    grace_history?: Array<{ started_at: Instant; ended_at?: Instant; outcome: 'recovered' | 'suspended' | 'canceled' | 'written_off' | string }>;
    extensions?: Array<{ by: Duration; granted_at: Instant; subscription_id?: string; reason?: string }>;
    reminders_sent?: Array<{ id: string; at: Instant }>;
    usage?: { last_active_at?: Instant };
    /** e.g. `"exempt"`: evaluated for finance, but access stays full and no banner shows. */
    tags?: string[];
    /** Accepted and ignored. */
    metadata?: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Status — respite.status/1 (what `evaluate` returns; key order as listed)
// ---------------------------------------------------------------------------------------------

export interface RequiredAction {
    type: ActionType;
    reason: ActionReason;
    invoice_id: string;
    deadline: Instant | null;
}

export interface Banner {
    show: boolean;
    severity: Severity | null;
    /** A translation key (`grace.warning`, `grace.restricted`, `suspended`, `canceled`, or the stage's own). */
    message: string | null;
    /** Only the keys that have a value. */
    params: { amount?: number; currency?: CurrencyCode; deadline?: Instant; stage?: string };
    dismissible: boolean;
    cta: ActionType | null;
}

export interface ReminderDue {
    id: string;
    channel: string;
    at: Instant;
}

export interface Status {
    schema: 'respite.status/1';
    account_id: string;
    evaluated_at: Instant;
    policy_id: string;
    state: AccountState;
    stage: null | { name: string; index: number; entered_at: Instant; severity: Severity };
    access: { level: AccessLevel; disabled_features: string[] };
    grace: null | {
        started_at: Instant;
        suspends_at: Instant | null;
        cancels_at: Instant | null;
        next_stage: null | { name: string; at: Instant };
        extended_by: Duration;
        shortened: boolean;
    };
    /** To the next stage, else to the cancellation (`to: "canceled"`); `seconds` rounded up. */
    countdown: null | { to: string; at: Instant; seconds: number };
    amount_due: Money | null;
    /** Every currency with a qualifying balance, sorted by code. */
    amounts_due: Money[];
    /** Most urgent first. */
    required_actions: RequiredAction[];
    banner: Banner;
    retries: { next_at: Instant | null; remaining: number; stopped_by: 'hard_decline' | 'authentication_required' | null };
    reminders: { due: ReminderDue[]; next: ReminderDue | null };
    /** ASC 606: service delivered while unpaid, not recognised as revenue. */
    revenue: { unpaid_service_days: number; unrecognized: Money | null };
    last_decline: null | { class: DeclineClass; code: string };
    subscriptions: Array<{ id: string; state: AccountState; stage: string | null; access: AccessLevel; disabled_features: string[] }>;
    flags: Flag[];
    /** English sentences for developers (why this state), not for customers. */
    explain: string[];
}

// ---------------------------------------------------------------------------------------------
// Timeline — respite.timeline/1
// ---------------------------------------------------------------------------------------------

export type TimelineEventKind = 'grace_start' | 'stage' | 'reminder' | 'retry' | 'suspension' | 'cancellation';

export interface TimelineEvent {
    kind: TimelineEventKind;
    /** Stage name, reminder id, `"retry 2"`, … */
    name: string;
    /** Access level, channel, … */
    detail: string;
    at: Instant;
    /** `at` written with the account zone's UTC offset there: `"2027-03-29T00:00:00+02:00"`. */
    local: string;
    /** Whether `at` is at or before the evaluation instant. */
    past: boolean;
}

/** Every dated event of the current grace period, in order, with "now" placed among them. */
export interface Timeline {
    schema: 'respite.timeline/1';
    account_id: string;
    timezone: string;
    now: Instant;
    /** `now` with the account zone's UTC offset. */
    now_local: string;
    /** The evaluation at `now`. */
    status: Status;
    /** Sorted by time, then kind. */
    events: TimelineEvent[];
}

// ---------------------------------------------------------------------------------------------
// Errors — respite.error/1
// ---------------------------------------------------------------------------------------------

/** One problem with the input. */
export interface ErrorDetail {
    /**
     * JSON Pointer into what was read: `/policy/stages/2/after`, `/account/invoices/0/due_at`,
     * `/at` for the instant (calls taking one document: a pointer into it, `""` for all of it).
     */
    path: string;
    /** Stable snake_case code (docs/errors.md): `invalid_json`, `missing_field`, `unknown_time_zone`, … */
    code: string;
    /** English, for the developer reading a log. */
    message: string;
}

export interface ErrorDocument {
    schema: 'respite.error/1';
    errors: ErrorDetail[];
}

/**
 * Thrown by `evaluate`, `timeline`, `preset`, `generateAccount` and the import calls on bad input.
 * The module keeps working.
 */
export declare class RespiteError extends Error {
    constructor(errors: ErrorDetail[]);
    readonly name: 'RespiteError';
    /** Every problem found, in document order. */
    readonly errors: ErrorDetail[];
}

// ---------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------

export type ValidationResult =
    | { ok: true; schema: 'respite.valid/1'; /** Which schema the document was checked against. */ document: 'respite.policy/1' | 'respite.account/1' }
    | { ok: false; errors: ErrorDetail[] };

export interface PresetInfo {
    /** File stem, e.g. `"stripe-default"`, `"app-store"`, `"google-play"`, `"strict-b2c"`, `"lenient-b2b"`. */
    name: string;
    summary: string;
}

// ---------------------------------------------------------------------------------------------
// Importers — respite.import/1 (createRespite({ importers: true }); docs/importers.md)
// ---------------------------------------------------------------------------------------------

export type ImportProvider = 'stripe' | 'paddle' | 'chargebee' | 'recurly' | 'revenuecat';

/**
 * A provider's objects exactly as its API returns them, in any order: one object, an array, a
 * list envelope (`{"object":"list","data":[…]}`, Paddle `{"data":[…]}`, Chargebee `{"list":[…]}`),
 * a webhook event; as values or as JSON text (several values one after another, NDJSON) or its
 * UTF-8 bytes (a file as read). A list of texts or byte arrays is joined with newlines, as
 * `respite import` joins its files: error paths then number the values across them (`/0`, `/1`, …).
 */
export type ProviderObjects =
    | string | Uint8Array | ArrayBuffer
    | Array<string | Uint8Array | ArrayBuffer>
    | Record<string, unknown> | unknown[];

export interface ImportResult {
    /** A valid `respite.account/1` snapshot, ready for `evaluate`. */
    account: Account;
    /** JSON Pointers into the input of the fields the contract cannot hold (reported, not dropped). */
    unmapped: string[];
}

/** The `respite.import/1` document that `importJson` returns as text. */
export interface ImportDocument extends ImportResult {
    schema: 'respite.import/1';
    provider: ImportProvider;
}

/**
 * The import calls. On an engine created without `{ importers: true }` each of them throws an
 * `Error` (not a `RespiteError`) saying how to load them.
 */
export interface RespiteImporters {
    /**
     * The account snapshot of one customer from a provider's objects (the same code and bytes as
     * `respite import`). @throws RespiteError on bad data: paths point into the input;
     * `unsupported_provider` at `/provider`, `mixed_accounts`, `no_account`, `invalid_json`, …
     */
    importAccount(provider: ImportProvider, objects: ProviderObjects): ImportResult;
    /** `importAccount('stripe', objects)`. @throws RespiteError */
    importStripe(objects: ProviderObjects): ImportResult;
    /** `importAccount('paddle', objects)` (Paddle Billing). @throws RespiteError */
    importPaddle(objects: ProviderObjects): ImportResult;
    /** `importAccount('chargebee', objects)` (API v2). @throws RespiteError */
    importChargebee(objects: ProviderObjects): ImportResult;
    /** `importAccount('recurly', objects)` (API v3). @throws RespiteError */
    importRecurly(objects: ProviderObjects): ImportResult;
    /** `importAccount('revenuecat', objects)` (`GET /v1/subscribers/{id}`). @throws RespiteError */
    importRevenueCat(objects: ProviderObjects): ImportResult;
    /**
     * The `respite.import/1` document (an `ImportDocument`) as compact JSON text, or the
     * `respite.error/1` document on bad data — byte-identical to `respite import --envelope`.
     * Never throws for bad data.
     */
    importJson(provider: ImportProvider | string, objects: ProviderObjects): string;
    /** `['stripe', 'paddle', 'chargebee', 'recurly', 'revenuecat']`. */
    importProviders(): ImportProvider[];
}

export interface Respite extends RespiteImporters {
    /** The engine's version, e.g. `"0.1.0"`. */
    readonly version: string;

    /**
     * Where `account` stands in its grace period at `at`. `policy` and `account` may be objects
     * or JSON text; `at` is required (the engine has no clock): pass `new Date()` for now.
     * @throws RespiteError on bad input (paths under `/policy`, `/account`, `/at`).
     */
    evaluate(policy: Policy | string, account: Account | string, at: Instant | Date): Status;

    /**
     * The fast path: JSON text in, JSON text out (`respite.status/1`, or `respite.error/1` on bad
     * input) — byte-identical to the native build's output. Never throws. Repeated calls with the
     * same policy text skip re-reading the policy.
     */
    evaluateJson(policyText: string, accountText: string, at: Instant | Date): string;

    /** Every dated event of the current grace period. @throws RespiteError */
    timeline(policy: Policy | string, account: Account | string, at: Instant | Date): Timeline;

    /** Checks a policy or an account (chosen by its `schema`). Never throws. */
    validate(document: Policy | Account | string | object): ValidationResult;

    /** The policy presets that ship with the engine. */
    presets(): PresetInfo[];

    /** A preset's policy document. @throws RespiteError (`unknown_preset`) */
    preset(name: string): Policy;

    /**
     * A realistic sample account: the same one for the same `(seed, index)` on every platform
     * (it matches `respite generate --seed`). `around`: the instant the data is built around
     * (default: the engine's fixed sample date, 2026-12-04).
     * @throws RespiteError when seed or index is not a non-negative safe integer.
     */
    generateAccount(seed: number, index: number, around?: Instant | Date): Account;

    /** Diagnostic: bytes of wasm linear memory (grows, never shrinks). Not a stable API. */
    _heapBytes(): number;
    /** Diagnostic: bytes malloc has handed out and not taken back. Not a stable API. */
    _heapInUse(): number;
    /** Diagnostic: the host zone source on its own — UTC offset in seconds, `null` if unknown. */
    _zoneOffset(zone: string, at: Instant | Date | number): number | null;
}

export interface CreateRespiteOptions {
    /**
     * `respite.wasm` already compiled (or a promise for it), e.g. from
     * `WebAssembly.compileStreaming(fetch(url))` started as early as a page can; the module is
     * then only instantiated. A rejected promise rejects `createRespite`.
     */
    module?: WebAssembly.Module | PromiseLike<WebAssembly.Module>;
    /** The bytes of `respite.wasm` (in Node, `@respite/engine` resolves to a loader that reads them for you). */
    wasmBinary?: ArrayBuffer | Uint8Array;
    /** Where the browser fetches `respite.wasm` (and `respite-import.wasm`) from; default: next to this module. */
    locateFile?: (name: string, prefix: string) => string;
    /**
     * Also load the importers (`respite-import.wasm`, a module of its own, ~96 KB gzip, fetched
     * only when asked for). `true`, or the import module's own `wasmBinary` / `locateFile` (the
     * engine's `locateFile` is used otherwise; in Node, `@respite/engine` reads the bytes for you).
     */
    importers?: boolean | {
        wasmBinary?: ArrayBuffer | Uint8Array;
        locateFile?: (name: string, prefix: string) => string;
    };
}

/**
 * Loads and instantiates the module (≈ a few milliseconds; with `importers`, the import module
 * too). Instances are independent.
 */
export declare function createRespite(options?: CreateRespiteOptions): Promise<Respite>;
export default createRespite;
