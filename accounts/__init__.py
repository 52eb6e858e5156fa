"""Sign-in and the browser: single sign-on (OpenID Connect), throttled password sign-in,
session lifetime, logout by POST, and the headers that keep library content out of shared
browsers (Content-Security-Policy, Cache-Control). README, "Sign-in"."""
