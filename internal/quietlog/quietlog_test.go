package quietlog

import "testing"

func TestQuietLogging(t *testing.T) {
	for _, tc := range []struct {
		env   []string
		quiet bool
	}{
		{nil, true},
		{[]string{"PATH=/bin", "TF_LOG="}, true},     // set but empty: no log asked for
		{[]string{"TF_LOG_CORE=TRACE"}, true},        // Terraform's own logs only
		{[]string{"TF_LOG=TRACE"}, false},            // everything
		{[]string{"TF_LOG_PATH=/tmp/tf.log"}, false}, // a log file
		{[]string{"TF_LOG_PROVIDER=DEBUG"}, false},   // providers' logs
		{[]string{"TF_LOG_PROVIDER_SENHASEGURA=DEBUG"}, false},
		{[]string{"TF_LOG_SDK_PROTO=TRACE"}, false},
		{[]string{"TF_LOG_SDK_FRAMEWORK=TRACE"}, false},
	} {
		got := Environment(tc.env)
		if (got != nil) != tc.quiet {
			t.Errorf("Environment(%v) = %v, want quiet %v", tc.env, got, tc.quiet)
		}
		if got != nil && (got["TF_LOG_SDK"] != "OFF" || got["TF_LOG_PROVIDER_SENHASEGURA"] != "OFF" || got["TF_LOG_SDK_FRAMEWORK"] != "OFF") {
			t.Errorf("Environment(%v) = %v: the SDK, framework and provider loggers must be off", tc.env, got)
		}
	}
}
