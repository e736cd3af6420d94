/* drupal core + eu_cookie_compliance + matomo (footer) */
