"""The clinic server: PostgreSQL through psycopg 3, its migrations, devices and the submit call."""
