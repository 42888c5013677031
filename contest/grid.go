package contest

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Jury grid groups (seed 004).
const (
	GroupPortage  = "portage"
	GroupContenu  = "contenu"
	GroupContexte = "contexte"
)

// Normalisation modes for jury totals.
const (
	NormaliseNone   = "none"
	NormaliseZScore = "zscore"
)

// Grid is the jury's scoring grid.
type Grid struct {
	Scale     Scale
	Criteria  []Criterion
	Normalise string // NormaliseNone (default) or NormaliseZScore
}

// Scale is the range of one criterion's score, with a label per level.
type Scale struct {
	Min, Max int
	Labels   []string // Max-Min+1 labels, one per level, in the file's language
}

// Criterion is one line of the grid.
type Criterion struct {
	ID     string
	Group  string
	Label  string            // as written in the contest file (or the French default)
	Labels map[string]string // by language (fr, nl, en); may be empty for custom criteria
}

// Languages the built-in labels are translated into. French is the default.
const (
	LangFR = "fr"
	LangNL = "nl"
	LangEN = "en"
)

// defaultLevelLabels are the labels of the default 0..3 scale, by language.
var defaultLevelLabels = map[string][]string{
	LangFR: {"inexistant", "faible", "intermédiaire", "fort"},
	LangNL: {"afwezig", "zwak", "gemiddeld", "sterk"},
	LangEN: {"absent", "weak", "intermediate", "strong"},
}

// groupLabels names the three default groups, by group then language.
var groupLabels = map[string]map[string]string{
	GroupPortage:  {LangFR: "Portage", LangNL: "Dragers van het project", LangEN: "Project holders"},
	GroupContenu:  {LangFR: "Contenu", LangNL: "Inhoud", LangEN: "Content"},
	GroupContexte: {LangFR: "Contexte", LangNL: "Context", LangEN: "Context"},
}

// defaultCriteria is the grid of seed 004: 12 criteria in three groups.
var defaultCriteria = []Criterion{
	{ID: "collectif", Group: GroupPortage, Labels: map[string]string{
		LangFR: "Caractère collectif du projet",
		LangNL: "Collectief karakter van het project",
		LangEN: "Collective nature of the project"}},
	{ID: "richesse", Group: GroupPortage, Labels: map[string]string{
		LangFR: "Richesse du collectif",
		LangNL: "Diversiteit van het collectief",
		LangEN: "Diversity of the collective"}},
	{ID: "beneficiaires", Group: GroupPortage, Labels: map[string]string{
		LangFR: "Intégration des bénéficiaires",
		LangNL: "Betrokkenheid van de doelgroep",
		LangEN: "Involvement of the beneficiaries"}},
	{ID: "gouvernance", Group: GroupPortage, Labels: map[string]string{
		LangFR: "Formalisation de la gouvernance",
		LangNL: "Uitgewerkt bestuursmodel",
		LangEN: "Formalised governance"}},
	{ID: "consistance", Group: GroupContenu, Labels: map[string]string{
		LangFR: "Consistance du contenu",
		LangNL: "Inhoudelijke degelijkheid",
		LangEN: "Substance of the content"}},
	{ID: "rupture", Group: GroupContenu, Labels: map[string]string{
		LangFR: "Rupture avec l'existant",
		LangNL: "Breuk met het bestaande",
		LangEN: "Break with existing practice"}},
	{ID: "transformation", Group: GroupContenu, Labels: map[string]string{
		LangFR: "Potentiel de transformation sociale",
		LangNL: "Potentieel voor maatschappelijke verandering",
		LangEN: "Potential for social transformation"}},
	{ID: "ancrage", Group: GroupContexte, Labels: map[string]string{
		LangFR: "Ancrage territorial",
		LangNL: "Lokale verankering",
		LangEN: "Local roots"}},
	{ID: "accessibilite", Group: GroupContexte, Labels: map[string]string{
		LangFR: "Accessibilité du dispositif",
		LangNL: "Toegankelijkheid van het aanbod",
		LangEN: "Accessibility of the service"}},
	{ID: "viabilite", Group: GroupContexte, Labels: map[string]string{
		LangFR: "Viabilité économique",
		LangNL: "Economische leefbaarheid",
		LangEN: "Economic viability"}},
	{ID: "environnement", Group: GroupContexte, Labels: map[string]string{
		LangFR: "Place des enjeux environnementaux",
		LangNL: "Aandacht voor milieuvraagstukken",
		LangEN: "Attention to environmental issues"}},
	{ID: "recherche", Group: GroupContexte, Labels: map[string]string{
		LangFR: "Ouverture à la recherche",
		LangNL: "Openheid voor onderzoek",
		LangEN: "Openness to research"}},
}

// DefaultScale is the four-level scale of seed 004: inexistant, faible,
// intermédiaire, fort = 0..3.
func DefaultScale() Scale {
	return Scale{Min: 0, Max: 3, Labels: slices.Clone(defaultLevelLabels[LangFR])}
}

// DefaultGrid returns a fresh copy of the default jury grid: the 12 criteria of
// seed 004 with French labels (and Dutch and English translations) on the
// default scale, without normalisation.
func DefaultGrid() Grid {
	g := Grid{Scale: DefaultScale(), Normalise: NormaliseNone}
	for _, c := range defaultCriteria {
		g.Criteria = append(g.Criteria, defaultCriterion(c.ID))
	}
	return g
}

// defaultCriterion returns a copy of the default criterion with that id, or
// the zero Criterion when there is none.
func defaultCriterion(id string) Criterion {
	for _, c := range defaultCriteria {
		if c.ID == id {
			c.Label = c.Labels[LangFR]
			c.Labels = maps.Clone(c.Labels)
			return c
		}
	}
	return Criterion{}
}

// Criterion returns the criterion with that id.
func (g Grid) Criterion(id string) (Criterion, bool) {
	for _, c := range g.Criteria {
		if c.ID == id {
			return c, true
		}
	}
	return Criterion{}, false
}

// LevelLabel returns the label of a score level in a language ("fr", "nl",
// "en"; a region suffix such as "nl-BE" is ignored). The default scale is
// translated; a custom scale answers with its own labels in every language. A
// level outside the scale is rendered as a number.
func (g Grid) LevelLabel(lang string, level int) string {
	if level < g.Scale.Min || level > g.Scale.Max || level-g.Scale.Min >= len(g.Scale.Labels) {
		return strconv.Itoa(level)
	}
	if g.Scale.Min == 0 && slices.Equal(g.Scale.Labels, defaultLevelLabels[LangFR]) {
		if labels, ok := defaultLevelLabels[baseLang(lang)]; ok {
			return labels[level]
		}
	}
	return g.Scale.Labels[level-g.Scale.Min]
}

// LabelIn returns the criterion's label in a language, falling back to the
// label written in the contest file.
func (c Criterion) LabelIn(lang string) string {
	if l := c.Labels[baseLang(lang)]; l != "" {
		return l
	}
	return c.Label
}

// GroupLabel returns the display name of a criteria group in a language. The
// three default groups are translated; any other group is returned as is.
func GroupLabel(lang, group string) string {
	if l := groupLabels[group][baseLang(lang)]; l != "" {
		return l
	}
	return group
}

// baseLang reduces a language tag such as "nl-BE" or "EN_gb" to its primary
// subtag in lower case.
func baseLang(lang string) string {
	lang, _, _ = strings.Cut(lang, "-")
	lang, _, _ = strings.Cut(lang, "_")
	return strings.ToLower(lang)
}
