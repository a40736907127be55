package load

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// spreadOneLineBlocks lets users write several arguments in a one-line block,
// as SPEC §2 does: `freshness { column = "at"  max_age = "26h" }`. Plain HCL
// allows one argument per one-line block, so the blank before each argument
// and before the closing brace is turned into a newline. Byte offsets do not
// move, and positions are computed from the original bytes (see lineIndex),
// so diagnostics still point at what the user wrote. Blocks lacking a blank
// where one is needed are left alone, and hcl reports them.
func spreadOneLineBlocks(src []byte) []byte {
	toks, hds := hclsyntax.LexConfig(src, "", hcl.InitialPos)
	if hds.HasErrors() {
		return src // the parser reports lexical errors itself
	}
	var out []byte
	itemStart := true // at the start of a body item, where a block may begin
	var item []hclsyntax.Token
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.Type == hclsyntax.TokenNewline:
			itemStart, item = true, item[:0]
			continue
		case t.Type == hclsyntax.TokenOBrace && itemStart && isBlockHeader(item):
			end, edits := oneLineBlock(src, toks, i)
			if len(edits) > 0 {
				if out == nil {
					out = append([]byte(nil), src...)
				}
				for _, off := range edits {
					out[off] = '\n'
				}
			}
			if end > i {
				i = end // the closing brace of a one-line block
				continue
			}
			item = item[:0] // a multi-line block body starts: new items follow
			continue
		}
		item = append(item, t)
	}
	if out == nil {
		return src
	}
	return out
}

// isBlockHeader reports whether the tokens of an item so far are a block
// type followed by labels: IDENT (IDENT | "string")*.
func isBlockHeader(item []hclsyntax.Token) bool {
	if len(item) == 0 || item[0].Type != hclsyntax.TokenIdent {
		return false
	}
	for i := 1; i < len(item); i++ {
		switch item[i].Type {
		case hclsyntax.TokenIdent, hclsyntax.TokenOQuote, hclsyntax.TokenQuotedLit, hclsyntax.TokenCQuote:
		default:
			return false
		}
	}
	return true
}

// oneLineBlock looks at the block opened by toks[open]. When the block is on
// one line and holds more than one argument, it returns the index of its
// closing brace and the offsets of the blanks to turn into newlines; it
// returns (open, nil) for blocks that need nothing.
func oneLineBlock(src []byte, toks []hclsyntax.Token, open int) (int, []int) {
	if open+1 >= len(toks) || toks[open+1].Type == hclsyntax.TokenNewline {
		return open, nil
	}
	depth, args := 0, []int{}
	for j := open + 1; j < len(toks); j++ {
		t := toks[j]
		switch t.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
		case hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenTemplateSeqEnd:
			depth--
		case hclsyntax.TokenNewline, hclsyntax.TokenEOF:
			if depth == 0 {
				return open, nil // not a one-line block after all
			}
		case hclsyntax.TokenCBrace:
			if depth > 0 {
				depth--
				continue
			}
			return j, blanks(src, toks[open], t, args)
		case hclsyntax.TokenIdent:
			if depth == 0 && j+1 < len(toks) && toks[j+1].Type == hclsyntax.TokenEqual {
				args = append(args, t.Range.Start.Byte)
			}
		}
	}
	return open, nil
}

// blanks returns the offsets to change when a one-line block has two or more
// arguments and a blank after its brace, before each argument and before its
// closing brace; otherwise nil.
func blanks(src []byte, open, cl hclsyntax.Token, args []int) []int {
	if len(args) < 2 {
		return nil
	}
	isBlank := func(off int) bool { return off >= 0 && off < len(src) && (src[off] == ' ' || src[off] == '\t') }
	edits := []int{open.Range.End.Byte}
	for _, a := range args[1:] {
		edits = append(edits, a-1)
	}
	edits = append(edits, cl.Range.Start.Byte-1)
	for i, off := range edits {
		if !isBlank(off) || i > 0 && off <= edits[i-1] {
			return nil
		}
	}
	return edits
}
