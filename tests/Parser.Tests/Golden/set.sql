-- SET (= or TO, SESSION / LOCAL, DEFAULT, TIME ZONE, lists), RESET and DISCARD.
SET RW_IMPLICIT_FLUSH TO true;
SET streaming_parallelism = 1;
SET search_path = public, "$user";
SET SESSION extra_float_digits = -3;
SET LOCAL statement_timeout TO '5s';
SET application_name = DEFAULT;
SET TIME ZONE 'UTC';
SET client_min_messages = warning;
RESET ALL;
RESET timezone;
DISCARD ALL;
DISCARD TEMPORARY;
