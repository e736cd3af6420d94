/* drupal core + theme (header) */
