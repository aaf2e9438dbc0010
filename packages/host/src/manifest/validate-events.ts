/**
 * `emits[]`, `events[]` and `delivery`: what a plugin may publish, what it
 * subscribes to, and how its bounded delivery queue behaves.
 */
import { type FieldChecker, fieldPath } from "./field-checker.js";
import { type DeliverySettings, type EventSubscription, OVERFLOW_POLICIES } from "./manifest.js";
import {
  DEFAULT_DELIVERY,
  EVENT_TYPE_MAX_LENGTH,
  EVENT_TYPE_PATTERN,
  QUEUE_SIZE_RANGE,
  STREAM_NAMESPACE_PATTERN,
  STREAM_PATTERN_PATTERN,
  TIMEOUT_MS_RANGE,
} from "./manifest-rules.js";

export function validateEmits(check: FieldChecker, value: unknown): string[] {
  const rule = {
    pattern: STREAM_NAMESPACE_PATTERN,
    patternHint: "a stream namespace: a lowercase letter, then a-z 0-9 _ - (e.g. location, character)",
  };
  return check.stringList(value, "emits", rule) ?? [];
}

export function validateEvents(check: FieldChecker, value: unknown): EventSubscription[] {
  const subscriptions: EventSubscription[] = [];
  (check.list(value, "events") ?? []).forEach((item, index) => {
    const parent = fieldPath("events", index);
    const raw = check.mapping(item, parent);
    if (!raw) return;
    check.knownKeys(raw, parent, ["stream", "types", "intercept"]);
    const stream = check.required(raw, parent, "stream", (entry, at) =>
      check.string(entry, at, {
        pattern: STREAM_PATTERN_PATTERN,
        patternHint: "a stream pattern without whitespace (e.g. location:*, *, global:chat)",
      }),
    );
    const typeRule = {
      pattern: EVENT_TYPE_PATTERN,
      patternHint: "an event type: a lowercase letter, then a-z 0-9 _ . -",
      maxLength: EVENT_TYPE_MAX_LENGTH,
    };
    const types = raw.types === undefined ? [] : check.stringList(raw.types, fieldPath(parent, "types"), typeRule);
    const intercept =
      raw.intercept === undefined ? false : check.boolean(raw.intercept, fieldPath(parent, "intercept"));
    if (stream !== undefined && types !== undefined && intercept !== undefined) {
      subscriptions.push({ stream, types, intercept });
    }
  });
  return subscriptions;
}

export function validateDelivery(check: FieldChecker, value: unknown): DeliverySettings {
  const delivery = { ...DEFAULT_DELIVERY };
  const raw = check.mapping(value, "delivery");
  if (!raw) return delivery;
  check.knownKeys(raw, "delivery", ["queue-size", "overflow", "timeout-ms"]);
  if (raw["queue-size"] !== undefined) {
    delivery.queueSize =
      check.integer(raw["queue-size"], "delivery.queue-size", QUEUE_SIZE_RANGE) ?? delivery.queueSize;
  }
  if (raw.overflow !== undefined) {
    delivery.overflow = check.oneOf(raw.overflow, "delivery.overflow", OVERFLOW_POLICIES) ?? delivery.overflow;
  }
  if (raw["timeout-ms"] !== undefined) {
    delivery.timeoutMs =
      check.integer(raw["timeout-ms"], "delivery.timeout-ms", TIMEOUT_MS_RANGE) ?? delivery.timeoutMs;
  }
  return delivery;
}
