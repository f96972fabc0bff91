import pino from "pino";

/**
 * Structured JSON logs. Fields that could carry credentials are redacted wherever they appear,
 * as a second line of defence: code must not log them in the first place.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "kaas-console" },
  redact: {
    paths: [
      "*.password",
      "*.token",
      "*.idToken",
      "*.refreshToken",
      "*.accessToken",
      "*.kubeconfig",
      "*.authorization",
      "*.cookie",
      "*.secret",
      "req.headers.authorization",
      "req.headers.cookie",
    ],
    censor: "[redacted]",
  },
});
