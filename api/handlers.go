package api

import (
	"net/http"
	"net/url"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/casus-nl/casus"
)

// Route templates of the endpoints beyond search; metrics label requests by
// them.
const (
	routeSuggest        = "/api/v1/suggest"
	routeDocument       = "/api/v1/documents/:id"
	routeSimilar        = "/api/v1/documents/:id/similar"
	routeMunicipalities = "/api/v1/municipalities"
	routeMunicipality   = "/api/v1/municipalities/:code"
	routeComparable     = "/api/v1/municipalities/:code/comparable"
)

// register adds the routes whose backends are configured.
func (h *handlers) register(g *echo.Group, cfg Config) {
	if cfg.Suggester != nil {
		g.Match(readMethods, routeSuggest, h.suggest)
	}
	if cfg.Documents != nil {
		g.Match(readMethods, routeDocument, h.document)
		g.Match(readMethods, routeSimilar, h.similar)
	}
	if cfg.Municipalities != nil {
		g.Match(readMethods, routeMunicipalities, h.municipalities)
		g.Match(readMethods, routeMunicipality, h.municipality)
		g.Match(readMethods, routeComparable, h.comparable)
	}
}

// checkText refuses a q that is not valid UTF-8, as search does.
func checkText(v url.Values) error {
	if !utf8.ValidString(v.Get("q")) {
		return casus.InvalidParam("q", "is not valid UTF-8")
	}
	return nil
}

func (h *handlers) suggest(c echo.Context) error {
	if err := checkText(c.QueryParams()); err != nil {
		return err
	}
	text, size, err := casus.ParseSuggest(c.QueryParams())
	if err != nil {
		return err
	}
	res, err := h.suggester.Suggest(c.Request().Context(), text, size)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

func (h *handlers) document(c echo.Context) error {
	d, err := h.documents.Document(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

func (h *handlers) similar(c echo.Context) error {
	size, err := casus.ParseSize(c.QueryParams(), casus.DefaultSimilarSize)
	if err != nil {
		return err
	}
	res, err := h.documents.Similar(c.Request().Context(), c.Param("id"), size)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

func (h *handlers) municipalities(c echo.Context) error {
	size, err := casus.ParseSize(c.QueryParams(), casus.DefaultListSize)
	if err != nil {
		return err
	}
	if err := checkText(c.QueryParams()); err != nil {
		return err
	}
	prefix, err := casus.ParseSuggestText(c.QueryParams())
	if err != nil {
		return err
	}
	list, err := h.munis.Municipalities(c.Request().Context(), prefix, size)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (h *handlers) municipality(c echo.Context) error {
	p, err := h.munis.Municipality(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (h *handlers) comparable(c echo.Context) error {
	size, err := casus.ParseSize(c.QueryParams(), casus.DefaultListSize)
	if err != nil {
		return err
	}
	if err := checkText(c.QueryParams()); err != nil {
		return err
	}
	filter, err := casus.ParseCaseFilter(c.QueryParams())
	if err != nil {
		return err
	}
	res, err := h.munis.Comparable(c.Request().Context(), c.Param("code"), size, filter)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}
