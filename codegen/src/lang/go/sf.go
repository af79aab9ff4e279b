package kiwipackage

import (
	"encoding/base64"
	"strconv"
	"unicode/utf8"
)

// Structured Field Values (RFC 9651): the parsing algorithms of its section 4.2, for
// the RateLimit field (the retry specification, section 13).

type sfKind uint8

const (
	sfInteger sfKind = iota
	sfDecimal
	sfString
	sfToken
	sfBinary
	sfBoolean
	sfDate
	sfDisplayString
)

// sfBare is a bare item.
type sfBare struct {
	kind    sfKind
	integer int64
	decimal float64
	text    string
	bytes   []byte
	boolean bool
}

type sfParam struct {
	key   string
	value sfBare
}

// sfMember is an Item, or an Inner List when inner is not nil, with its parameters.
type sfMember struct {
	bare   sfBare
	inner  []sfMember
	params []sfParam
}

func (m sfMember) param(key string) (sfBare, bool) {
	for _, p := range m.params {
		if p.key == key {
			return p.value, true
		}
	}
	return sfBare{}, false
}

type sfDictMember struct {
	key    string
	member sfMember
}

type sfParser struct {
	s string
	i int
}

func (p *sfParser) done() bool { return p.i >= len(p.s) }

func (p *sfParser) peek() byte {
	if p.done() {
		return 0
	}
	return p.s[p.i]
}

func (p *sfParser) sp() {
	for !p.done() && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *sfParser) ows() {
	for !p.done() && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// The limits of section 13: beyond them a field fails to parse (RFC 9651's minimums).
const (
	sfMaxFieldLen  = 32 << 10
	sfMaxMembers   = 1 << 10
	sfMaxInnerList = 1 << 8
	sfMaxParams    = 1 << 8
)

func sfStart(field string) (*sfParser, bool) {
	if len(field) > sfMaxFieldLen {
		return nil, false
	}
	for i := 0; i < len(field); i++ {
		if field[i] > 0x7F {
			return nil, false
		}
	}
	p := &sfParser{s: field}
	p.sp()
	return p, true
}

func (p *sfParser) end() bool {
	p.sp()
	return p.done()
}

// parseSFList parses a field value as a List.
func parseSFList(field string) ([]sfMember, bool) {
	p, ok := sfStart(field)
	if !ok {
		return nil, false
	}
	members := []sfMember{}
	for !p.done() {
		m, ok := p.itemOrInnerList()
		if !ok || len(members) == sfMaxMembers {
			return nil, false
		}
		members = append(members, m)
		p.ows()
		if p.done() {
			break
		}
		if p.s[p.i] != ',' {
			return nil, false
		}
		p.i++
		p.ows()
		if p.done() {
			return nil, false
		}
	}
	return members, p.end()
}

// parseSFDictionary parses a field value as a Dictionary; a repeated key keeps its
// place and takes the last value.
func parseSFDictionary(field string) ([]sfDictMember, bool) {
	p, ok := sfStart(field)
	if !ok {
		return nil, false
	}
	members := []sfDictMember{}
	count := 0
	for !p.done() {
		key, ok := p.key()
		if !ok {
			return nil, false
		}
		// A repeated key counts each time it appears.
		if count++; count > sfMaxMembers {
			return nil, false
		}
		var m sfMember
		if p.peek() == '=' {
			p.i++
			if m, ok = p.itemOrInnerList(); !ok {
				return nil, false
			}
		} else {
			m.bare = sfBare{kind: sfBoolean, boolean: true}
			if m.params, ok = p.parameters(); !ok {
				return nil, false
			}
		}
		replaced := false
		for i := range members {
			if members[i].key == key {
				members[i].member = m
				replaced = true
			}
		}
		if !replaced {
			members = append(members, sfDictMember{key, m})
		}
		p.ows()
		if p.done() {
			break
		}
		if p.s[p.i] != ',' {
			return nil, false
		}
		p.i++
		p.ows()
		if p.done() {
			return nil, false
		}
	}
	return members, p.end()
}

// parseSFItem parses a field value as an Item.
func parseSFItem(field string) (sfMember, bool) {
	p, ok := sfStart(field)
	if !ok {
		return sfMember{}, false
	}
	m, ok := p.item()
	if !ok || !p.end() {
		return sfMember{}, false
	}
	return m, true
}

func (p *sfParser) itemOrInnerList() (sfMember, bool) {
	if p.peek() == '(' {
		return p.innerList()
	}
	return p.item()
}

func (p *sfParser) innerList() (sfMember, bool) {
	p.i++
	items := []sfMember{}
	for !p.done() {
		p.sp()
		if p.peek() == ')' {
			p.i++
			params, ok := p.parameters()
			return sfMember{inner: items, params: params}, ok
		}
		item, ok := p.item()
		if !ok || len(items) == sfMaxInnerList {
			return sfMember{}, false
		}
		items = append(items, item)
		if c := p.peek(); c != ' ' && c != ')' {
			return sfMember{}, false
		}
	}
	return sfMember{}, false
}

func (p *sfParser) item() (sfMember, bool) {
	bare, ok := p.bareItem()
	if !ok {
		return sfMember{}, false
	}
	params, ok := p.parameters()
	return sfMember{bare: bare, params: params}, ok
}

func (p *sfParser) parameters() ([]sfParam, bool) {
	params := []sfParam{}
	count := 0
	for p.peek() == ';' {
		// A repeated key counts each time it appears.
		if count++; count > sfMaxParams {
			return nil, false
		}
		p.i++
		p.sp()
		key, ok := p.key()
		if !ok {
			return nil, false
		}
		value := sfBare{kind: sfBoolean, boolean: true}
		if p.peek() == '=' {
			p.i++
			if value, ok = p.bareItem(); !ok {
				return nil, false
			}
		}
		replaced := false
		for i := range params {
			if params[i].key == key {
				params[i].value = value
				replaced = true
			}
		}
		if !replaced {
			params = append(params, sfParam{key, value})
		}
	}
	return params, true
}

func isLcalpha(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool   { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool   { return isLcalpha(c) || (c >= 'A' && c <= 'Z') }

func (p *sfParser) key() (string, bool) {
	c := p.peek()
	if !isLcalpha(c) && c != '*' {
		return "", false
	}
	start := p.i
	for !p.done() {
		c := p.s[p.i]
		if !isLcalpha(c) && !isDigit(c) && c != '_' && c != '-' && c != '.' && c != '*' {
			break
		}
		p.i++
	}
	return p.s[start:p.i], true
}

func (p *sfParser) bareItem() (sfBare, bool) {
	c := p.peek()
	switch {
	case c == '-' || isDigit(c):
		return p.number()
	case c == '"':
		s, ok := p.str()
		return sfBare{kind: sfString, text: s}, ok
	case c == '*' || isAlpha(c):
		return p.token(), true
	case c == ':':
		return p.binary()
	case c == '?':
		return p.boolean()
	case c == '@':
		p.i++
		n, ok := p.number()
		if !ok || n.kind != sfInteger {
			return sfBare{}, false
		}
		return sfBare{kind: sfDate, integer: n.integer}, true
	case c == '%':
		return p.displayString()
	}
	return sfBare{}, false
}

func (p *sfParser) number() (sfBare, bool) {
	decimal := false
	start := p.i
	if p.peek() == '-' {
		p.i++
	}
	if !isDigit(p.peek()) {
		return sfBare{}, false
	}
	digits := p.i
	for !p.done() {
		c := p.s[p.i]
		if isDigit(c) {
			p.i++
		} else if !decimal && c == '.' {
			if p.i-digits > 12 {
				return sfBare{}, false
			}
			decimal = true
			p.i++
		} else {
			break
		}
		if !decimal && p.i-digits > 15 {
			return sfBare{}, false
		}
		if decimal && p.i-digits > 16 {
			return sfBare{}, false
		}
	}
	text := p.s[start:p.i]
	if !decimal {
		n, err := strconv.ParseInt(text, 10, 64)
		return sfBare{kind: sfInteger, integer: n}, err == nil
	}
	if text[len(text)-1] == '.' {
		return sfBare{}, false
	}
	dot := 0
	for i := range text {
		if text[i] == '.' {
			dot = i
		}
	}
	if len(text)-dot-1 > 3 {
		return sfBare{}, false
	}
	f, err := strconv.ParseFloat(text, 64)
	return sfBare{kind: sfDecimal, decimal: f}, err == nil
}

func (p *sfParser) str() (string, bool) {
	p.i++
	var out []byte
	for !p.done() {
		c := p.s[p.i]
		p.i++
		switch {
		case c == '\\':
			if p.done() {
				return "", false
			}
			next := p.s[p.i]
			p.i++
			if next != '"' && next != '\\' {
				return "", false
			}
			out = append(out, next)
		case c == '"':
			return string(out), true
		case c < 0x20 || c >= 0x7F:
			return "", false
		default:
			out = append(out, c)
		}
	}
	return "", false
}

func (p *sfParser) token() sfBare {
	start := p.i
	p.i++
	for !p.done() {
		c := p.s[p.i]
		if !isTchar(c) && c != ':' && c != '/' {
			break
		}
		p.i++
	}
	return sfBare{kind: sfToken, text: p.s[start:p.i]}
}

func (p *sfParser) binary() (sfBare, bool) {
	p.i++
	start := p.i
	for !p.done() && p.s[p.i] != ':' {
		c := p.s[p.i]
		if !isAlpha(c) && !isDigit(c) && c != '+' && c != '/' && c != '=' {
			return sfBare{}, false
		}
		p.i++
	}
	if p.done() {
		return sfBare{}, false
	}
	data, err := base64.StdEncoding.DecodeString(p.s[start:p.i])
	p.i++
	return sfBare{kind: sfBinary, bytes: data}, err == nil
}

func (p *sfParser) boolean() (sfBare, bool) {
	p.i++
	switch p.peek() {
	case '1':
		p.i++
		return sfBare{kind: sfBoolean, boolean: true}, true
	case '0':
		p.i++
		return sfBare{kind: sfBoolean}, true
	}
	return sfBare{}, false
}

func (p *sfParser) displayString() (sfBare, bool) {
	p.i++
	if p.peek() != '"' {
		return sfBare{}, false
	}
	p.i++
	var out []byte
	for !p.done() {
		c := p.s[p.i]
		p.i++
		switch {
		case c < 0x20 || c >= 0x7F:
			return sfBare{}, false
		case c == '%':
			if len(p.s)-p.i < 2 {
				return sfBare{}, false
			}
			b, ok := lowerHex(p.s[p.i], p.s[p.i+1])
			if !ok {
				return sfBare{}, false
			}
			p.i += 2
			out = append(out, b)
		case c == '"':
			if !utf8.Valid(out) {
				return sfBare{}, false
			}
			return sfBare{kind: sfDisplayString, text: string(out)}, true
		default:
			out = append(out, c)
		}
	}
	return sfBare{}, false
}

func lowerHex(a, b byte) (byte, bool) {
	v := func(c byte) (byte, bool) {
		switch {
		case isDigit(c):
			return c - '0', true
		case c >= 'a' && c <= 'f':
			return c - 'a' + 10, true
		}
		return 0, false
	}
	x, ok1 := v(a)
	y, ok2 := v(b)
	return x<<4 | y, ok1 && ok2
}
