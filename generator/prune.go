package generator

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// The support file is assembled from fixed sources (the reader, Date, DateTime, Nullable, ...)
// of which a package uses only a part. prune keeps the declarations the package needs: every
// exported one (they are its API), every method of a kept type that other code may call
// through an interface (exported methods), and, transitively, whatever the generated files and
// the kept declarations name. The rest is cut from the source text, and so are the imports
// nothing kept uses.

// identsOf adds the identifiers in Go source text to into, and to sel those that follow a
// dot or precede a colon: the ones that can name a method or a struct field (x.f, T{f: 1}).
func identsOf(src []byte, into, sel map[string]bool) {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", fset.Base(), len(src)), src, nil, 0)
	prev, prevLit := token.ILLEGAL, ""
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return
		}
		if tok == token.IDENT {
			into[lit] = true
			if prev == token.PERIOD && sel != nil {
				sel[lit] = true
			}
		}
		if tok == token.COLON && prev == token.IDENT && sel != nil {
			sel[prevLit] = true
		}
		prev, prevLit = tok, lit
	}
}

// supportDecl is one top-level declaration of the support source, or one field of a struct
// type declared there.
type supportDecl struct {
	start, end int    // byte range, its doc comment included
	name       string // a function's, method's or field's name
	recv       string // for a method, its receiver's type name; for a field, its struct's
	field      bool
	names      []string        // the names a type, var or const declaration declares
	uses       map[string]bool // identifiers its text holds (for a struct, less its fields')
	sel        map[string]bool // those of them that can name a method or field
}

// prune cuts the declarations of the support source src that nothing needs: used holds the
// identifiers of the package's other files, and sel those of them that can name a method or a
// field (see identsOf).
func prune(src []byte, used, sel map[string]bool) ([]byte, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, SupportFile, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	tf := fset.File(file.Pos())
	off := func(p token.Pos) int { return tf.Offset(p) }
	from := func(doc *ast.CommentGroup, p token.Pos) int {
		if doc != nil {
			return off(doc.Pos())
		}
		return off(p)
	}
	var decls []*supportDecl
	scan := func(d *supportDecl, holes []*supportDecl) {
		d.uses, d.sel = map[string]bool{}, map[string]bool{}
		at := d.start
		for _, h := range holes {
			identsOf(src[at:h.start], d.uses, d.sel)
			at = h.end
		}
		identsOf(src[at:d.end], d.uses, d.sel)
	}
	for _, d := range file.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			sd := &supportDecl{start: from(d.Doc, d.Pos()), end: off(d.End()), name: d.Name.Name}
			if d.Recv != nil && len(d.Recv.List) == 1 {
				sd.recv = recvName(d.Recv.List[0].Type)
			}
			scan(sd, nil)
			decls = append(decls, sd)
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				continue
			}
			if d.Lparen.IsValid() && len(d.Specs) > 1 && !usesIota(d) {
				// A group of constants or variables: each is kept or cut on its own.
				for _, s := range d.Specs {
					vs, ok := s.(*ast.ValueSpec)
					if !ok {
						continue
					}
					sd := &supportDecl{start: from(vs.Doc, vs.Pos()), end: off(vs.End())}
					if vs.Comment != nil {
						sd.end = off(vs.Comment.End())
					}
					for _, n := range vs.Names {
						sd.names = append(sd.names, n.Name)
					}
					scan(sd, nil)
					decls = append(decls, sd)
				}
				continue
			}
			sd := &supportDecl{start: from(d.Doc, d.Pos()), end: off(d.End())}
			var fields []*supportDecl
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					sd.names = append(sd.names, s.Name.Name)
					st, ok := s.Type.(*ast.StructType)
					if !ok || len(d.Specs) != 1 {
						continue
					}
					for _, f := range st.Fields.List {
						if len(f.Names) == 0 {
							continue // embedded: part of the type
						}
						fd := &supportDecl{start: from(f.Doc, f.Pos()), end: off(f.End()), recv: s.Name.Name, field: true}
						if f.Comment != nil {
							fd.end = off(f.Comment.End())
						}
						for _, n := range f.Names {
							fd.names = append(fd.names, n.Name)
						}
						scan(fd, nil)
						fields = append(fields, fd)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						sd.names = append(sd.names, n.Name)
					}
				}
			}
			scan(sd, fields)
			decls = append(decls, sd)
			decls = append(decls, fields...)
		}
	}
	// A struct written as an unkeyed literal (memoKey{a, b}) keeps all its fields.
	unkeyed := map[string]bool{}
	ast.Inspect(file, func(n ast.Node) bool {
		if cl, ok := n.(*ast.CompositeLit); ok && len(cl.Elts) > 0 {
			if id, ok := cl.Type.(*ast.Ident); ok {
				if _, kv := cl.Elts[0].(*ast.KeyValueExpr); !kv {
					unkeyed[id.Name] = true
				}
			}
		}
		return true
	})
	keep := make([]bool, len(decls))
	need, needSel := map[string]bool{}, map[string]bool{}
	for k := range used {
		need[k] = true
	}
	for k := range sel {
		needSel[k] = true
	}
	keptTypes := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for i, d := range decls {
			if keep[i] {
				continue
			}
			want := false
			switch {
			case d.field:
				for _, n := range d.names {
					if keptTypes[d.recv] && (ast.IsExported(n) || needSel[n] || unkeyed[d.recv]) {
						want = true
					}
				}
			case d.recv != "":
				want = keptTypes[d.recv] && (ast.IsExported(d.name) || needSel[d.name])
			case d.name != "":
				want = ast.IsExported(d.name) || need[d.name] || d.name == "init"
			default:
				for _, n := range d.names {
					if ast.IsExported(n) || need[n] {
						want = true
					}
				}
			}
			if !want {
				continue
			}
			keep[i], changed = true, true
			for n := range d.uses {
				need[n] = true
			}
			for n := range d.sel {
				needSel[n] = true
			}
			if !d.field {
				for _, n := range d.names {
					keptTypes[n] = true
				}
			}
		}
	}
	// Cut what is not kept, in order; a field goes only with a struct that stays.
	type cut struct{ start, end int }
	var cuts []cut
	named := map[string]bool{} // what the kept declarations name: the imports they need
	for i, d := range decls {
		if keep[i] {
			for n := range d.uses {
				named[n] = true
			}
			continue
		}
		if d.field && !keptTypes[d.recv] {
			continue
		}
		cuts = append(cuts, cut{d.start, d.end})
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].start < cuts[j].start })
	var out []byte
	last := 0
	for _, c := range cuts {
		out = append(out, src[last:c.start]...)
		last = c.end
	}
	out = append(out, src[last:]...)
	// Imports that nothing kept names.
	var drop []string
	for _, im := range file.Imports {
		path, _ := strconv.Unquote(im.Path.Value)
		name := path[strings.LastIndex(path, "/")+1:]
		if im.Name != nil {
			name = im.Name.Name
		}
		if name == "_" {
			continue
		}
		if !named[name] {
			drop = append(drop, im.Path.Value)
		}
	}
	if len(drop) > 0 {
		sort.Strings(drop)
		lines := strings.Split(string(out), "\n")
		kept := lines[:0]
		for _, l := range lines {
			t := strings.TrimSpace(l)
			if i := sort.SearchStrings(drop, t); i < len(drop) && drop[i] == t {
				continue
			}
			kept = append(kept, l)
		}
		out = []byte(strings.Join(kept, "\n"))
	}
	if _, err := parser.ParseFile(token.NewFileSet(), SupportFile, out, parser.ParseComments); err != nil {
		return nil, fmt.Errorf("pruning the support file: %w", err)
	}
	return out, nil
}

// usesIota reports whether a constant group depends on its specs' positions.
func usesIota(d *ast.GenDecl) bool {
	for _, s := range d.Specs {
		vs, ok := s.(*ast.ValueSpec)
		if !ok || len(vs.Values) == 0 {
			return true
		}
		found := false
		for _, v := range vs.Values {
			ast.Inspect(v, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && id.Name == "iota" {
					found = true
				}
				return !found
			})
		}
		if found {
			return true
		}
	}
	return false
}

func recvName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.IndexListExpr:
		return recvName(t.X)
	}
	return ""
}
