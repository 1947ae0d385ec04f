// A self-signed certificate for 127.0.0.1 and localhost (valid until 2126), made for this fake only
// with `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 ...`.
// The fake serves HTTPS with it and its kubeconfig trusts it, so the client verifies TLS as usual.
export const FAKE_APISERVER_CERT = `-----BEGIN CERTIFICATE-----
MIIBrjCCAVWgAwIBAgIUGiVrVrVMewz/BstZdNgEiazoWQswCgYIKoZIzj0EAwIw
HjEcMBoGA1UEAwwTZmFrZS1rdWJlLWFwaXNlcnZlcjAgFw0yNjExMjUxMjUyNTBa
GA8yMTI2MTEwMTEyNTI1MFowHjEcMBoGA1UEAwwTZmFrZS1rdWJlLWFwaXNlcnZl
cjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABNh9kqQEjUKEXlE6ScBbl45KIHRA
Keikfz6xBriVcHdt2pVDWWygGpfDazLUcpx10+ql/YIet+w87t/tSUpbAmGjbzBt
MB0GA1UdDgQWBBT8TY6yjv2R3n1HRn44s3+vNYzYTjAfBgNVHSMEGDAWgBT8TY6y
jv2R3n1HRn44s3+vNYzYTjAPBgNVHRMBAf8EBTADAQH/MBoGA1UdEQQTMBGHBH8A
AAGCCWxvY2FsaG9zdDAKBggqhkjOPQQDAgNHADBEAiADZZ18Ce/afGHOi1NUSX7R
HRI3+IU53hiX6pV69sVb8QIgBv9UkfFp2LprHg4avlEucm1txkmBcTZ8aboXpFjS
GmM=
-----END CERTIFICATE-----`;

/** The private key of FAKE_APISERVER_CERT: a test key, never a secret. */
export const FAKE_APISERVER_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg3FTZLZ8fOmEzYM39
PP5/J/CEu5OqS2OFuW87mcqDpxehRANCAATYfZKkBI1ChF5ROknAW5eOSiB0QCno
pH8+sQa4lXB3bdqVQ1lsoBqXw2sy1HKcddPqpf2CHrfsPO7f7UlKWwJh
-----END PRIVATE KEY-----`;
