package scale

import "strconv"

// The plan of a case body: the shares of its planned length at which the
// intro, the question and the approach end; the result and the lesson fill
// the rest.
const (
	introEnd    = 0.12
	questionEnd = 0.32
	approachEnd = 0.75
	resultEnd   = 0.90
	// lessonShare of the short cases have a lesson section; long ones
	// always do.
	lessonShare = 0.6
	// phaseEvery is the number of paragraphs between the phase headings of
	// a long approach.
	phaseEvery = 3
	// closingReserve is the room kept for the closing paragraph.
	closingReserve = 300
)

// The plan of a regulation: articles up to articlesEnd of the planned
// length, then an explanation.
const (
	articlesEnd = 0.85
	// minArticles and maxArticles bound the articles of a chapter.
	minArticles, maxArticles = 2, 6
	// maxMembers bounds the numbered members of an article.
	maxMembers = 4
	// enactment closes a regulation.
	enactment = "Aldus vastgesteld in de openbare vergadering van de raad."
)

// body generates the body of document i with head h.
func (c *Corpus) body(i int, h *head) string {
	w := newWriter(c.lex, c.rng(i, streamBody), h)
	if c.cfg.Profile == ProfileRegulations {
		w.regulation()
	} else {
		w.caseBody()
	}
	return string(w.buf)
}

// caseBody writes a case: an intro naming the municipality and the themes,
// the question, the approach (in phases on a long page), the result, a
// lesson, and a closing paragraph on who did it.
func (w *writer) caseBody() {
	h := w.h
	plan := float64(h.target - closingReserve)
	switch len(h.places) {
	case 0:
		w.from(w.lex.introNone)
	case 1:
		w.from(w.lex.introOne)
	default:
		w.from(w.lex.introMany)
	}
	capitalizeAt(w.buf, 0)
	w.buf = append(w.buf, ' ')
	w.sentence()
	w.mentions(true, false)
	w.fillTo(int(introEnd*plan), false)

	w.section(w.lex.headQuestion, int(questionEnd*plan), false)
	w.section(w.lex.headApproach, int(approachEnd*plan), h.long)
	w.section(w.lex.headResult, int(resultEnd*plan), false)
	if h.long || w.r.Float64() < lessonShare {
		w.section(w.lex.headLesson, int(plan), false)
	}
	w.fillTo(int(plan), false)

	w.newParagraph()
	start := len(w.buf)
	w.from(w.lex.closings)
	capitalizeAt(w.buf, start)
	w.mentions(false, true)
}

// section writes a heading and paragraphs up to limit bytes of text,
// at least one paragraph.
func (w *writer) section(heading list, limit int, phases bool) {
	w.heading(heading)
	w.paragraph(limit)
	w.fillTo(limit, phases)
}

// fillTo writes paragraphs until the text reaches limit bytes; with phases,
// a phase heading comes every phaseEvery paragraphs.
func (w *writer) fillTo(limit int, phases bool) {
	for n := 1; len(w.buf) < limit; n++ {
		if phases && n%phaseEvery == 0 {
			w.phase++
			w.heading(w.lex.headPhase)
		}
		w.paragraph(limit)
	}
}

// regulation writes a regulation: a preamble, chapters of articles with
// numbered members, an explanation and the enactment.
func (w *writer) regulation() {
	h, lex, r := w.h, w.lex, w.r
	plan := float64(h.target - closingReserve)
	w.from(lex.regulationIntros)
	capitalizeAt(w.buf, 0)
	w.mentions(true, false)
	for chapter := 1; len(w.buf) < int(articlesEnd*plan); chapter++ {
		w.phase = chapter
		w.newParagraph()
		w.buf = append(w.buf, chapterWord+" "...)
		w.buf = strconv.AppendInt(w.buf, int64(chapter), 10)
		w.buf = append(w.buf, ". "...)
		w.from(lex.chapters)
		n := minArticles + r.IntN(maxArticles-minArticles+1)
		for a := 1; a <= n && len(w.buf) < int(articlesEnd*plan); a++ {
			w.newParagraph()
			w.buf = append(w.buf, articleWord+" "...)
			w.buf = strconv.AppendInt(w.buf, int64(chapter), 10)
			w.buf = append(w.buf, '.')
			w.buf = strconv.AppendInt(w.buf, int64(a), 10)
			w.buf = append(w.buf, ' ')
			w.from(lex.articles)
			for m := range 1 + r.IntN(maxMembers) {
				w.newParagraph()
				w.buf = strconv.AppendInt(w.buf, int64(m+1), 10)
				w.buf = append(w.buf, ". "...)
				w.from(lex.clauses)
			}
		}
	}
	w.newParagraph()
	w.buf = append(w.buf, explanationHead...)
	w.fillTo(int(plan), false)
	w.newParagraph()
	w.buf = append(w.buf, enactment...)
	w.mentions(false, true)
}
