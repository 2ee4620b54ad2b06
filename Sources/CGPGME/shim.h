#ifndef MERLE_CGPGME_SHIM_H
#define MERLE_CGPGME_SHIM_H
/* GPGME (GnuPG Made Easy), Debian libgpgme-dev: OpenPGP verify and decrypt for
   MailCrypto. Everything Swift needs imports as is; no macro shim is needed. */
#include <gpgme.h>
#endif
