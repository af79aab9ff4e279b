package kiwipackage

import (
	"math"
	"net/http"
	"time"
)

// Reason says why a decision gives up.
type Reason string

const (
	// ReasonFatal: the error may not be retried.
	ReasonFatal Reason = "Fatal"
	// ReasonAttempts: every attempt was made.
	ReasonAttempts Reason = "Attempts"
	// ReasonHintTooLong: the server asked for a wait longer than MaxHintS.
	ReasonHintTooLong Reason = "HintTooLong"
	// ReasonDeadline: the next attempt would start after the deadline.
	ReasonDeadline Reason = "Deadline"
	// ReasonPartial: a stream failed after it delivered content, and a new request
	// would repeat what was delivered (StreamRetryDecision).
	ReasonPartial Reason = "Partial"
)

// Config is the configuration of a retry decision. Start from DefaultConfig: a zero
// field means zero, not its default.
type Config struct {
	// MaxAttempts is the number of attempts in all, the first included.
	MaxAttempts int
	// MaxHintS is the longest server hint waited for, in seconds.
	MaxHintS float64
	// DeadlineS is the deadline in seconds from the start of the call; nil for none.
	DeadlineS *float64
	// HintJitterMs is the most jitter added to a hint, in milliseconds.
	HintJitterMs float64
	// BackoffBaseMs is the ceiling of the first retry's backoff, in milliseconds.
	BackoffBaseMs float64
	// BackoffCapMs is the cap of every backoff ceiling, in milliseconds.
	BackoffCapMs float64
	// RetryPartial makes StreamRetryDecision decide a stream that failed after it
	// delivered content as one that delivered nothing, instead of giving up with
	// ReasonPartial: for an API that resumes a stream (a resume token, Last-Event-ID).
	// False by default.
	RetryPartial bool
}

// DefaultConfig is the runtime's default configuration, without a deadline.
func DefaultConfig() Config {
	return Config{
		MaxAttempts:   MaxAttempts,
		MaxHintS:      MaxHintS,
		HintJitterMs:  HintJitterMs,
		BackoffBaseMs: BackoffBaseMs,
		BackoffCapMs:  BackoffCapMs,
	}
}

// WithDeadline is the configuration with a deadline, in seconds from the start of the
// call.
func (c Config) WithDeadline(seconds float64) Config {
	c.DeadlineS = &seconds
	return c
}

// Decision is the outcome of RetryDecision. The pointers are nil where the
// specification's outputs are null.
type Decision struct {
	// Retry is whether to try again.
	Retry bool
	// Reason is why not; "" exactly when Retry is true.
	Reason Reason
	// Policy is the retry policy of the error read from the status and body alone.
	Policy RetryPolicy
	// HintSource is the header of the hint that the delay honours, or that made the
	// decision give up; "" for none.
	HintSource HintSource
	// DelayMs is, when retrying, the wait before the next attempt in milliseconds.
	DelayMs *float64
	// DelayFloorMs is, when retrying, the shortest DelayMs any draw could give.
	DelayFloorMs *float64
	// DelayCeilingMs is, when retrying, the bound DelayMs approaches as the draw
	// approaches 1.
	DelayCeilingMs *float64
	// RetryAfterMs is, when giving up because of a hint, the hint's wait in
	// milliseconds.
	RetryAfterMs *float64
}

// Delay is the wait before the next attempt (zero when not retrying).
func (d Decision) Delay() time.Duration {
	if d.DelayMs == nil {
		return 0
	}
	return time.Duration(math.Round(*d.DelayMs * 1e6))
}

func ms(ns int64) *float64 {
	v := float64(ns) / 1e6
	return &v
}

// RetryDecision decides whether to try a call again after an error response, and when
// (the retry specification, section 4): status, header and body are the response;
// attempt the attempts made so far, this one included; elapsedS the seconds since the
// call started; now the wall-clock time in seconds since the Unix epoch; random a
// uniform draw with 0 <= random < 1, which places the delay between its floor and its
// ceiling.
func RetryDecision(status int, header http.Header, body []byte, attempt int, elapsedS, now float64, config Config, random float64) Decision {
	policy := readError(status, body).Policy
	return decide(policy, headerLines(header), attempt, elapsedS, now, config, random)
}

func decide(policy RetryPolicy, lines []headerLine, attempt int, elapsedS, now float64, config Config, random float64) Decision {
	d := Decision{Policy: policy}
	giveUp := func(reason Reason) Decision {
		d.Retry = false
		d.Reason = reason
		return d
	}

	may := policy == PolicyBackoff
	if v, ok := verdict(lines); ok {
		may = v
	}
	if !may {
		return giveUp(ReasonFatal)
	}
	if attempt >= config.MaxAttempts {
		return giveUp(ReasonAttempts)
	}
	hint, hasHint := findHint(lines, nowRat(now))
	if hasHint && hint.WaitNs > secondsNs(config.MaxHintS) {
		d.HintSource = hint.Source
		d.RetryAfterMs = ms(hint.WaitNs)
		return giveUp(ReasonHintTooLong)
	}
	var remaining int64
	if config.DeadlineS != nil {
		remaining = secondsNs(*config.DeadlineS) - secondsNs(elapsedS)
		if remaining < 0 {
			remaining = 0
		}
		if remaining == 0 || (hasHint && hint.WaitNs > remaining) {
			if hasHint {
				d.HintSource = hint.Source
				d.RetryAfterMs = ms(hint.WaitNs)
			}
			return giveUp(ReasonDeadline)
		}
	}

	var floor, ceiling float64
	if hasHint {
		jitter := float64(hint.WaitNs) / 1e6 / HintJitterDivisor
		if config.HintJitterMs < jitter {
			jitter = config.HintJitterMs
		}
		floor = float64(hint.WaitNs) / 1e6
		ceiling = floor + jitter
		if config.DeadlineS != nil && ceiling > float64(remaining)/1e6 {
			ceiling = float64(remaining) / 1e6
		}
	} else {
		k := attempt - 1
		if k > 31 {
			k = 31
		}
		if k < 0 {
			k = 0
		}
		ceiling = config.BackoffBaseMs * math.Pow(2, float64(k))
		if config.BackoffCapMs < ceiling {
			ceiling = config.BackoffCapMs
		}
	}
	delay := floor + (ceiling-floor)*random
	if !hasHint && config.DeadlineS != nil && math.Round(delay*1e6) > float64(remaining) {
		return giveUp(ReasonDeadline)
	}
	d.Retry = true
	d.Reason = ""
	if hasHint {
		d.HintSource = hint.Source
	}
	d.DelayMs = &delay
	d.DelayFloorMs = &floor
	d.DelayCeilingMs = &ceiling
	return d
}
