// Package editdist measures how far apart two short strings are, for "did you mean" hints:
// a mistyped command, an enum value one letter off.
package editdist

// MaxRunes is the longest string Distance compares; longer ones are never near anything.
const MaxRunes = 64

// Distance is the number of single-rune insertions, deletions, substitutions and adjacent
// transpositions that turn a into b (so "vaildate" is one edit from "validate"). A string of
// more than MaxRunes runes is as far from everything as it is long.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > MaxRunes || len(rb) > MaxRunes {
		return max(len(ra), len(rb))
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
