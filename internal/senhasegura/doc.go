// Package senhasegura is the HTTP client core of the senhasegura (Segura) APIs: what every API
// family of an instance shares, MySafe (internal/mysafe) and PAM Core alike. It knows HTTP,
// OAuth2 client credentials, the response envelope the families share, the gateway in front
// of them, retries, TLS and redirects; it knows no family's paths, entities or codes, and
// nothing of Terraform.
//
// A Client is one instance and one set of client credentials. A family reaches it through
// Client.API with its Family: its name (in messages and log lines: "MySafe error 1005: …") and
// its code table, which gives each application code its semantic class (ErrNotFound,
// ErrInactive, ErrNoAccess, ErrReadOnly, ErrBadInput, ErrDuplicate) and any finer sentinel of
// the family's own. The families give the same numbers other meanings (1009 is MySafe's
// "inactive" and PAM's "no access to credential"), so no code means anything here.
//
// # Files
//
// config.go holds Config and its defaults; client.go builds a Client (New, WithCredentials for a
// second credential set on the same instance); request.go is API, which turns one logical call
// into HTTP attempts and a decoded envelope; stream.go decodes a list answer as a stream;
// auth.go caches the OAuth2 token of each credential set; transport.go attaches it, bounds the
// requests in flight to the instance and keeps sent requests alive through an interrupt;
// retry.go is the one retry policy; create.go is CreateWithRecovery, the create that is never
// sent twice, and ledger.go what its lookup may adopt; shared.go is one list shared by a
// process; scrub.go keeps secrets and control characters out of errors; redirect.go refuses
// redirects; tls.go builds the TLS configuration; envelope.go is where answers start; errors.go
// holds Error, the sentinels and Family.
//
// # What every family's answers have in common
//
//   - The envelope: {"code", "response": {status, message, error, error_code, mensagem, erro,
//     cod_erro, detail}, "exception": {code, message, detail}, "<entity key>"}. Examples omit
//     "code" or "response.detail" and spell "Message" for "mensagem"; the client reads the
//     entity key only and the message from whichever of message, mensagem, Message is present
//     (DecodeEnvelope; MySafe's quirk Q1).
//   - Application errors are HTTP 400 with the code in exception.code, or only as the message
//     prefix ("1005: Password not found"); response.error_code is 0 or 1 and means nothing
//     (MySafe's Q2).
//   - A Kong gateway answers for itself with {"message": "..."}: "No route matched with those
//     values." (404), "You are not authorized to access this resource." (401), 502 "An invalid
//     response was received from the upstream server", 504 "The upstream server is timing
//     out"; the server's own fault is 500 "Unexpected error." ErrNoRoute, ErrUnauthorized,
//     ErrGateway and ErrServer match them (MySafe's Q12).
//   - Tokens: POST /iso/oauth2/token with client_id and client_secret in the form body; they
//     live 3600 s and there is no refresh token, so the client fetches a new one before expiry
//     and after a 401 (MySafe's Q13).
//
// # Transport rules
//
// Redirects are never followed and the bearer token goes only to the configured origin
// (redirect.go, transport.go). At most Config.MaxConcurrent requests are in flight to the
// instance, whichever family and credentials they use. Idempotent calls are retried after
// connection errors and HTTP 429, 500, 502, 503 and 504 with jittered exponential backoff that
// honours Retry-After; a create is never retried blindly: after an ambiguous failure the family
// looks for what the failed attempt may have stored and adopts it (CreateWithRecovery), and a
// lookup that cannot tell never leads to a second create (ErrMaybeStored). A changing request
// that has left completes even when the caller is interrupted, and none leaves after the
// interrupt (detachSent).
//
// # Misbehaving servers
//
//   - Every wait is bounded. A token request runs within its caller's deadline (the provider's
//     configure_timeout, an operation's timeouts); a Retry-After longer than
//     Config.MaxRetryAfter, or than what is left of the deadline, ends the call at once with
//     an error that names the server's Retry-After (ErrWaitTooLong), and so does a backoff that
//     would outlast the deadline (retry.go).
//   - Error texts never hold a response body or a secret: the server's text in an *Error is
//     cleaned of control characters and bounded (Clean), and every secret the client knows is
//     replaced by *** — its client secrets and tokens, and the values the caller put on the
//     call's context (WithSecrets) — in every encoding a server might echo (scrub.go).
//   - An HTML page, an answer longer than Config.MaxResponseBytes (ErrTooLarge), an untrusted
//     certificate (ErrUntrusted) and a time limit (ErrTimeout) are each named for what they are,
//     with true sizes.
//   - Lists are decoded as a stream (API.List, stream.go): a list of any real size is read
//     without holding its raw body, one entry at a time. Shared keeps one list per kind for
//     every caller of a process (shared.go).
//   - A create's recovery never adopts what it must not: a Ledger per kind rules out the
//     objects resources of the process hold and those listed before the create was sent, and
//     Pick refuses to choose between equal candidates (ledger.go).
package senhasegura
