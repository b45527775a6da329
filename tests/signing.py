"""A certificate authority and signers made at test time (the `cryptography` library), and PDFs
signed with them by pyHanko, as an office's USB token would."""

import datetime
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

PASSWORD = "mật-khẩu-thử"


@dataclass
class Signer:
    name: str
    pkcs12_path: Path
    certificate_path: Path

    def sign(self, pdf: bytes) -> bytes:
        # pyHanko's synchronous API runs its own event loop, which cannot start in a thread that
        # has one running already (Playwright's, in the browser tests).
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(self._sign, pdf).result()

    def _sign(self, pdf: bytes) -> bytes:
        signer = signers.SimpleSigner.load_pkcs12(
            str(self.pkcs12_path), passphrase=PASSWORD.encode()
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        metadata = signers.PdfSignatureMetadata(
            field_name="Signature1", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
        )
        return signers.sign_pdf(writer, metadata, signer=signer).getvalue()


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Tỉnh ủy Kiên Giang (thử)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _write_pem(path: Path, certificate: x509.Certificate) -> Path:
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return path


class CertificateAuthority:
    """A root CA that issues signing certificates, all written under a folder."""

    def __init__(self, folder: Path, name: str = "CA thử nghiệm Ban Cơ yếu"):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.key = _key()
        now = datetime.datetime.now(datetime.UTC)
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(_name(name))
            .issuer_name(_name(name))
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()), critical=False
            )
            .sign(self.key, hashes.SHA256())
        )

    def roots_folder(self) -> Path:
        """A folder holding only this CA's certificate, as the office would configure."""
        folder = self.folder / "roots"
        folder.mkdir(exist_ok=True)
        _write_pem(folder / "root.pem", self.certificate)
        return folder

    def issue(self, common_name: str, slug: str) -> Signer:
        key = _key()
        now = datetime.datetime.now(datetime.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name))
            .issuer_name(self.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=90))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
            .sign(self.key, hashes.SHA256())
        )
        pkcs12_path = self.folder / f"{slug}.p12"
        pkcs12_path.write_bytes(
            pkcs12.serialize_key_and_certificates(
                slug.encode(),
                key,
                certificate,
                [self.certificate],
                serialization.BestAvailableEncryption(PASSWORD.encode()),
            )
        )
        return Signer(
            name=common_name,
            pkcs12_path=pkcs12_path,
            certificate_path=_write_pem(self.folder / f"{slug}.pem", certificate),
        )
