-- SUBSCRIBE to a relation or a query, with options.
SUBSCRIBE per_minute;
SUBSCRIBE TO per_minute WITH (SNAPSHOT = true, PROGRESS = false, SINCE = 42);
SUBSCRIBE (SELECT url, n FROM per_minute WHERE n > 5);
