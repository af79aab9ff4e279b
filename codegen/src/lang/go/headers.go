package kiwipackage

import (
	"math/big"
	"net/http"
	"sort"
	"strings"
)

// HintSource names the header of a server hint.
type HintSource string

const (
	// SourceRetryAfterMs: the hint came from RetryAfterMs.
	SourceRetryAfterMs HintSource = "RetryAfterMs"
	// SourceRetryAfter: the hint came from RetryAfter.
	SourceRetryAfter HintSource = "RetryAfter"
	// SourceRateLimitReset: the hint came from RateLimitReset, the RateLimit field or
	// a per-window reset header.
	SourceRateLimitReset HintSource = "RateLimitReset"
)

// Hint is a server's hint of when to try again.
type Hint struct {
	// WaitNs is the wait in nanoseconds.
	WaitNs int64
	// Source is the header it came from.
	Source HintSource
}

// headerLine is one header line that could be received over HTTP: a token name
// (lowercased) and a value without a control byte other than HTAB (section 2.1).
type headerLine struct {
	name  string
	value string
}

// receivable reports whether a value can be received over HTTP: no byte of
// %x00-08, %x0A-1F or %x7F (section 2.1).
func receivable(value string) bool {
	for i := 0; i < len(value); i++ {
		if c := value[i]; (c < 0x20 && c != '\t') || c == 0x7F {
			return false
		}
	}
	return true
}

// headerLines lists the lines of a header map that could be received over HTTP, each
// name's lines in their order; names in sorted order.
func headerLines(header http.Header) []headerLine {
	names := make([]string, 0, len(header))
	for name := range header {
		names = append(names, name)
	}
	sort.Strings(names)
	var lines []headerLine
	for _, name := range names {
		if !isToken(name) {
			continue
		}
		lower := asciiLower(name)
		for _, value := range header[name] {
			if !receivable(value) {
				continue
			}
			lines = append(lines, headerLine{lower, value})
		}
	}
	return lines
}

func isTchar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isTchar(s[i]) {
			return false
		}
	}
	return true
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}

// isText: every byte is %x20-7E or HTAB.
func isText(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\t' && (c < 0x20 || c > 0x7E) {
			return false
		}
	}
	return true
}

// trim removes SP and HTAB at both ends.
func trim(s string) string {
	return strings.Trim(s, " \t")
}

// values is every text line of the header `name` (lowercase), in order.
func values(lines []headerLine, name string) []string {
	name = asciiLower(name)
	var out []string
	for _, l := range lines {
		if l.name == name && isText(l.value) {
			out = append(out, l.value)
		}
	}
	return out
}

// ----------------------------------------------------------------- numbers and waits

var (
	ratNano = big.NewRat(1_000_000_000, 1)
	ratHalf = big.NewRat(1, 2)
)

// parseNumber reads a number (section 5.2): digits with at most one ".", at least one
// digit, at most MaxNumberLen bytes. Its value is the decimal it writes.
func parseNumber(s string) (*big.Rat, bool) {
	if len(s) == 0 || len(s) > MaxNumberLen {
		return nil, false
	}
	digits, dot, frac := 0, false, 0
	mantissa := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			mantissa = append(mantissa, c)
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return nil, false
		}
	}
	if digits == 0 {
		return nil, false
	}
	num, ok := new(big.Int).SetString(string(mantissa), 10)
	if !ok {
		return nil, false
	}
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(frac)), nil)
	return new(big.Rat).SetFrac(num, den), true
}

// roundNs rounds a number of seconds to the nearest nanosecond (halves up), or false
// when it does not fit in an int64.
func roundNs(seconds *big.Rat) (int64, bool) {
	x := new(big.Rat).Mul(seconds, ratNano)
	x.Add(x, ratHalf)
	q := new(big.Int).Div(x.Num(), x.Denom())
	if !q.IsInt64() {
		return 0, false
	}
	return q.Int64(), true
}

// secondsNs is a float number of seconds as a duration.
func secondsNs(seconds float64) int64 {
	r := new(big.Rat).SetFloat64(seconds)
	if r == nil {
		if seconds > 0 {
			return 1<<63 - 1
		}
		return 0
	}
	ns, ok := roundNs(r)
	if !ok {
		if r.Sign() > 0 {
			return 1<<63 - 1
		}
		return -1 << 63
	}
	return ns
}

// waitOf is a number of seconds as a wait (section 5.6): rounded to the nanosecond,
// above zero and at most MaxPlausibleHintS.
func waitOf(seconds *big.Rat) (int64, bool) {
	ns, ok := roundNs(seconds)
	if !ok || ns <= 0 || ns > secondsNs(MaxPlausibleHintS) {
		return 0, false
	}
	return ns, true
}

// waitUntil is the wait from now until an instant, both in seconds since the epoch.
func waitUntil(instant, now *big.Rat) (int64, bool) {
	if now == nil {
		return 0, false
	}
	return waitOf(new(big.Rat).Sub(instant, now))
}

// ------------------------------------------------------------------------ durations

var durationUnits = []struct {
	name string
	ns   int64
}{
	{"ms", 1_000_000},
	{"us", 1_000},
	{"\u00b5s", 1_000},
	{"\u03bcs", 1_000},
	{"ns", 1},
	{"h", 3_600_000_000_000},
	{"m", 60_000_000_000},
	{"s", 1_000_000_000},
}

// parseDuration reads a duration (section 5.3), in seconds.
func parseDuration(s string) (*big.Rat, bool) {
	if len(s) == 0 || len(s) > MaxDurationLen {
		return nil, false
	}
	total := new(big.Rat)
	for i := 0; i < len(s); {
		start := i
		for i < len(s) && (s[i] == '.' || (s[i] >= '0' && s[i] <= '9')) {
			i++
		}
		n, ok := parseNumber(s[start:i])
		if !ok {
			return nil, false
		}
		unit := int64(0)
		for _, u := range durationUnits {
			if strings.HasPrefix(s[i:], u.name) {
				unit = u.ns
				i += len(u.name)
				break
			}
		}
		if unit == 0 {
			return nil, false
		}
		total.Add(total, new(big.Rat).Mul(n, big.NewRat(unit, 1_000_000_000)))
	}
	return total, true
}

// ------------------------------------------------------------------ dates and times

func digitsAt(s string, at, n int) (int, bool) {
	if at+n > len(s) {
		return 0, false
	}
	v := 0
	for _, c := range []byte(s[at : at+n]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func isLeap(y int) bool {
	return y%4 == 0 && (y%100 != 0 || y%400 == 0)
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil is the number of days from 1970-01-01 to the date (proleptic
// Gregorian).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

func validDate(y, mo, d, h, mi, s int) bool {
	return mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo) &&
		h <= 23 && mi <= 59 && s <= 59
}

// parseTimestamp reads an RFC 3339 timestamp (section 5.4): the instant, in seconds
// since the epoch (truncated to the nanosecond).
func parseTimestamp(s string) (*big.Rat, bool) {
	if len(s) < 20 || len(s) > MaxTimestampLen {
		return nil, false
	}
	y, ok1 := digitsAt(s, 0, 4)
	mo, ok2 := digitsAt(s, 5, 2)
	d, ok3 := digitsAt(s, 8, 2)
	h, ok4 := digitsAt(s, 11, 2)
	mi, ok5 := digitsAt(s, 14, 2)
	sec, ok6 := digitsAt(s, 17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || s[4] != '-' || s[7] != '-' ||
		(s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':' {
		return nil, false
	}
	if !validDate(y, mo, d, h, mi, sec) {
		return nil, false
	}
	i := 19
	var nanos int64
	if s[i] == '.' {
		i++
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if i-start < 9 {
				nanos = nanos*10 + int64(s[i]-'0')
			}
			i++
		}
		if i == start {
			return nil, false
		}
		for n := i - start; n < 9; n++ {
			nanos *= 10
		}
	}
	if i >= len(s) {
		return nil, false
	}
	offset := int64(0)
	switch s[i] {
	case 'Z', 'z':
		i++
	case '+', '-':
		oh, okh := digitsAt(s, i+1, 2)
		om, okm := digitsAt(s, i+4, 2)
		if !okh || !okm || s[i+3] != ':' || oh > 23 || om > 59 {
			return nil, false
		}
		offset = int64(oh*3600 + om*60)
		if s[i] == '-' {
			offset = -offset
		}
		i += 6
	default:
		return nil, false
	}
	if i != len(s) {
		return nil, false
	}
	unix := daysFromCivil(y, mo, d)*86400 + int64(h*3600+mi*60+sec) - offset
	if unix < 0 {
		return nil, false
	}
	return new(big.Rat).Add(big.NewRat(unix, 1), big.NewRat(nanos, 1_000_000_000)), true
}

var (
	weekdays    = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	weekdayLong = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	months      = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// clock reads "hh:mm:ss" at `at`.
func clock(s string, at int) (int, int, int, bool) {
	h, ok1 := digitsAt(s, at, 2)
	m, ok2 := digitsAt(s, at+3, 2)
	sec, ok3 := digitsAt(s, at+6, 2)
	if !(ok1 && ok2 && ok3) || s[at+2] != ':' || s[at+5] != ':' {
		return 0, 0, 0, false
	}
	return h, m, sec, true
}

// parseHTTPDate reads an HTTP-date (section 5.5) in one of its three formats: the
// instant, in seconds since the epoch.
func parseHTTPDate(s string) (*big.Rat, bool) {
	var wd, d, mo, y, h, mi, sec int
	ok := false
	switch {
	case len(s) == 29 && s[3] == ',' && s[4] == ' ' && s[7] == ' ' && s[11] == ' ' &&
		s[16] == ' ' && s[25:] == " GMT":
		// IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
		wd = indexOf(weekdays, s[0:3])
		mo = indexOf(months, s[8:11]) + 1
		var okd, oky, okc bool
		d, okd = digitsAt(s, 5, 2)
		y, oky = digitsAt(s, 12, 4)
		h, mi, sec, okc = clock(s, 17)
		ok = okd && oky && okc
	case len(s) == 24 && s[3] == ' ' && s[7] == ' ' && s[10] == ' ' && s[19] == ' ':
		// asctime: Sun Nov  6 08:49:37 1994
		wd = indexOf(weekdays, s[0:3])
		mo = indexOf(months, s[4:7]) + 1
		var okd, oky, okc bool
		if s[8] == ' ' {
			d, okd = digitsAt(s, 9, 1)
		} else {
			d, okd = digitsAt(s, 8, 2)
		}
		h, mi, sec, okc = clock(s, 11)
		y, oky = digitsAt(s, 20, 4)
		ok = okd && oky && okc
	default:
		// RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
		comma := strings.IndexByte(s, ',')
		if comma < 0 {
			return nil, false
		}
		wd = indexOf(weekdayLong, s[:comma])
		rest := s[comma:]
		if wd < 0 || len(rest) != 24 || rest[1] != ' ' || rest[4] != '-' || rest[8] != '-' ||
			rest[11] != ' ' || rest[20:] != " GMT" {
			return nil, false
		}
		mo = indexOf(months, rest[5:8]) + 1
		var okd, oky, okc bool
		d, okd = digitsAt(rest, 2, 2)
		y, oky = digitsAt(rest, 9, 2)
		h, mi, sec, okc = clock(rest, 12)
		if y < 70 {
			y += 2000
		} else {
			y += 1900
		}
		ok = okd && oky && okc
	}
	if !ok || wd < 0 || mo < 1 || y < 1970 || y > 9999 || !validDate(y, mo, d, h, mi, sec) {
		return nil, false
	}
	days := daysFromCivil(y, mo, d)
	if int((days%7+11)%7) != wd {
		return nil, false
	}
	return big.NewRat(days*86400+int64(h*3600+mi*60+sec), 1), true
}

// ---------------------------------------------------------------------------- hints

// resetWait reads a reset value (section 6.4) as a wait.
func resetWait(value string, now *big.Rat) (int64, bool) {
	v := trim(value)
	if n, ok := parseNumber(v); ok {
		if n.Cmp(new(big.Rat).SetFloat64(EpochThresholdS)) >= 0 {
			return waitUntil(n, now)
		}
		return waitOf(n)
	}
	if d, ok := parseDuration(v); ok {
		return waitOf(d)
	}
	if t, ok := parseTimestamp(v); ok {
		return waitUntil(t, now)
	}
	if t, ok := parseHTTPDate(v); ok {
		return waitUntil(t, now)
	}
	return 0, false
}

// verdict is the server's verdict of SHOULD_RETRY (section 6.1), if it gives one.
func verdict(lines []headerLine) (bool, bool) {
	for _, v := range values(lines, ShouldRetry) {
		switch asciiLower(trim(v)) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

// ServerHint finds the server's hint in a response's headers (section 6), `now` the
// wall-clock time in seconds since the Unix epoch.
func ServerHint(header http.Header, now float64) (Hint, bool) {
	return findHint(headerLines(header), nowRat(now))
}

func nowRat(now float64) *big.Rat {
	return new(big.Rat).SetFloat64(now)
}

func findHint(lines []headerLine, now *big.Rat) (Hint, bool) {
	for _, v := range values(lines, RetryAfterMs) {
		if n, ok := parseNumber(trim(v)); ok {
			if w, ok := waitOf(new(big.Rat).Quo(n, big.NewRat(1000, 1))); ok {
				return Hint{w, SourceRetryAfterMs}, true
			}
		}
	}
	for _, v := range values(lines, RetryAfter) {
		t := trim(v)
		if n, ok := parseNumber(t); ok {
			if w, ok := waitOf(n); ok {
				return Hint{w, SourceRetryAfter}, true
			}
			continue
		}
		if d, ok := parseHTTPDate(t); ok {
			if w, ok := waitUntil(d, now); ok {
				return Hint{w, SourceRetryAfter}, true
			}
		}
	}
	for _, v := range values(lines, RateLimitReset) {
		if w, ok := resetWait(v, now); ok {
			return Hint{w, SourceRateLimitReset}, true
		}
	}
	longest := int64(0)
	for _, w := range rateLimitWindows(lines) {
		if w > longest {
			longest = w
		}
	}
	for _, pair := range WindowResets {
		if w, ok := windowWait(lines, pair[0], pair[1], now); ok && w > longest {
			longest = w
		}
	}
	if longest > 0 {
		return Hint{longest, SourceRateLimitReset}, true
	}
	return Hint{}, false
}

// windowWait is the wait of one per-window reset header (section 6.6), when its window
// has nothing left.
func windowWait(lines []headerLine, reset, remaining string, now *big.Rat) (int64, bool) {
	remaining = asciiLower(remaining)
	for _, l := range lines {
		if l.name != remaining {
			continue
		}
		if isText(l.value) {
			if n, ok := parseNumber(trim(l.value)); ok && n.Sign() != 0 {
				return 0, false
			}
		}
		break
	}
	for _, v := range values(lines, reset) {
		if w, ok := resetWait(v, now); ok {
			return w, true
		}
	}
	return 0, false
}

// rateLimitWindows is the wait of every empty window of the RateLimit field (section
// 6.5).
func rateLimitWindows(lines []headerLine) []int64 {
	field := values(lines, RateLimitField)
	if len(field) == 0 {
		return nil
	}
	joined := strings.Join(field, ", ")
	nonNegative := func(b sfBare) bool { return b.kind == sfInteger && b.integer >= 0 }
	var waits []int64
	emptyWindow := func(left, reset int64) {
		if left == 0 {
			if w, ok := waitOf(big.NewRat(reset, 1)); ok {
				waits = append(waits, w)
			}
		}
	}
	if list, ok := parseSFList(joined); ok {
		type window struct{ left, reset int64 }
		var windows []window
		for _, m := range list {
			if m.inner != nil || (m.bare.kind != sfString && m.bare.kind != sfToken) {
				return nil
			}
			r, ok := m.param("r")
			if !ok || !nonNegative(r) {
				return nil
			}
			if pk, ok := m.param("pk"); ok && pk.kind != sfBinary {
				return nil
			}
			w := window{left: r.integer, reset: 0}
			if t, ok := m.param("t"); ok {
				if !nonNegative(t) {
					return nil
				}
				w.reset = t.integer
			}
			windows = append(windows, w)
		}
		for _, w := range windows {
			emptyWindow(w.left, w.reset)
		}
		return waits
	}
	if dict, ok := parseSFDictionary(joined); ok {
		left, reset := int64(-1), int64(0)
		for _, m := range dict {
			if m.key != "remaining" && m.key != "reset" {
				continue
			}
			if m.member.inner != nil || !nonNegative(m.member.bare) {
				return nil
			}
			if m.key == "remaining" {
				left = m.member.bare.integer
			} else {
				reset = m.member.bare.integer
			}
		}
		emptyWindow(left, reset)
		return waits
	}
	return nil
}
