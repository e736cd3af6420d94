package api

import (
	"net/http"

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
		g.GET(routeSuggest, h.suggest)
	}
	if cfg.Documents != nil {
		g.GET(routeDocument, h.document)
		g.GET(routeSimilar, h.similar)
	}
	if cfg.Municipalities != nil {
		g.GET(routeMunicipalities, h.municipalities)
		g.GET(routeMunicipality, h.municipality)
		g.GET(routeComparable, h.comparable)
	}
}

func (h *handlers) suggest(c echo.Context) error {
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
	res, err := h.munis.Comparable(c.Request().Context(), c.Param("code"), size)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}
