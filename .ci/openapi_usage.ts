// Compiled with tsc --strict against the types openapi-typescript generates from
// generated/errors.openapi.json: known and unknown codes type-check, wrong bodies do not.
// .ci/other-languages.sh copies it next to those types (errors-openapi.ts) to compile it.
import type { components } from "./errors-openapi";

type ErrorResponse = components["schemas"]["ErrorResponse"];

export const known: ErrorResponse = {
  error: { message: "Rate limit exceeded", type: "rate_limit_error", code: "rate_limit_exceeded" },
};
export const unknown: ErrorResponse = {
  error: { message: "m", type: "brand_new_error", code: "brand_new_code", param: null },
};
export const noCode: ErrorResponse = { error: { message: "m", type: "server_error" } };
// @ts-expect-error `message` is required
export const noMessage: ErrorResponse = { error: { type: "server_error" } };
// @ts-expect-error `code` is a string or null
export const numericCode: ErrorResponse = { error: { message: "m", type: "server_error", code: 5 } };
export const rateLimited: keyof components["responses"] = "RateLimited";
export const retryAfter: keyof components["responses"]["RateLimited"]["headers"] = "Retry-After";
