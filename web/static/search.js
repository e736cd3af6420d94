// casus search page: progressive enhancement (suggestions, facets without
// reload). The page works without it.
(function () {
  'use strict';
})();
