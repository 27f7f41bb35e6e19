package senhasegura

import "context"

// Logger receives one line per HTTP attempt, per retry and per recovered create. Its fields
// never hold secrets, bodies or headers.
type Logger func(ctx context.Context, msg string, fields map[string]any)

func noLog(context.Context, string, map[string]any) {}
