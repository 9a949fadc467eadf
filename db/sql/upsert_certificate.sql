-- $1 type, $2 serial_number, $3 certifier, $4 subject, $5 record.
INSERT INTO wallet_certificates (type, serial_number, certifier, subject, data)
VALUES ($1, $2, $3, $4, $5::jsonb)
ON CONFLICT (type, serial_number, certifier) DO UPDATE SET
  subject = EXCLUDED.subject,
  data = EXCLUDED.data
