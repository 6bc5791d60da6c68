package dev.smtconsole.app.secrets;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The macOS Keychain (ADR 0034): generic passwords in the user's default (login) keychain,
 * service {@code smt-console}, account the connection or {@code source:NAME} — the same attributes
 * as on Linux, shown by Keychain Access and {@code security find-generic-password -s smt-console}.
 * Called through JNA: Security.framework's {@code SecKeychain…GenericPassword} functions (deprecated
 * since macOS 10.10 in favour of {@code SecItem…}, still shipped; both see the same items).
 *
 * <p>Not exercised on a real Mac in this project's CI (Linux only): the pure parts (names, error
 * codes) are tested on any OS.
 */
public final class MacKeychainStore implements CredentialStore {
    static final String NAME = "macOS Keychain";
    static final int ERR_SEC_SUCCESS = 0;
    static final int ERR_SEC_USER_CANCELED = -128;
    static final int ERR_SEC_AUTH_FAILED = -25293;
    static final int ERR_SEC_NO_SUCH_KEYCHAIN = -25294;
    static final int ERR_SEC_DUPLICATE_ITEM = -25299;
    static final int ERR_SEC_ITEM_NOT_FOUND = -25300;
    static final int ERR_SEC_NO_DEFAULT_KEYCHAIN = -25307;
    static final int ERR_SEC_INTERACTION_NOT_ALLOWED = -25308;
    static final int ERR_SEC_READ_ONLY = -25292;
    static final int ERR_SEC_WR_PERM = -61;

    /** The Security.framework functions we call; OSStatus and UInt32 are Java ints. */
    public interface Security extends Library {
        int SecKeychainCopyDefault(PointerByReference keychain);

        int SecKeychainAddGenericPassword(Pointer keychain, int serviceNameLength, byte[] serviceName, int accountNameLength,
                                          byte[] accountName, int passwordLength, byte[] passwordData, PointerByReference itemRef);

        int SecKeychainFindGenericPassword(Pointer keychainOrArray, int serviceNameLength, byte[] serviceName,
                                           int accountNameLength, byte[] accountName, IntByReference passwordLength,
                                           PointerByReference passwordData, PointerByReference itemRef);

        int SecKeychainItemModifyAttributesAndData(Pointer itemRef, Pointer attrList, int length, byte[] data);

        int SecKeychainItemDelete(Pointer itemRef);

        int SecKeychainItemFreeContent(Pointer attrList, Pointer data);
    }

    /** CoreFoundation's release of the item and keychain references. */
    public interface CoreFoundation extends Library {
        void CFRelease(Pointer ref);
    }

    private Security security;
    private CoreFoundation cf;
    private Boolean available;

    private synchronized Security security() {
        if (security == null) {
            security = Native.load("Security", Security.class);
            cf = Native.load("CoreFoundation", CoreFoundation.class);
        }
        return security;
    }

    /** An OSStatus other than success and "not found" as a reason. */
    static CredentialStoreException failure(int status) {
        CredentialStoreException.Reason r = switch (status) {
            case ERR_SEC_INTERACTION_NOT_ALLOWED -> CredentialStoreException.Reason.LOCKED;
            case ERR_SEC_USER_CANCELED -> CredentialStoreException.Reason.CANCELLED;
            case ERR_SEC_AUTH_FAILED, ERR_SEC_WR_PERM, ERR_SEC_READ_ONLY -> CredentialStoreException.Reason.DENIED;
            case ERR_SEC_NO_SUCH_KEYCHAIN, ERR_SEC_NO_DEFAULT_KEYCHAIN -> CredentialStoreException.Reason.NO_STORE;
            default -> CredentialStoreException.Reason.FAILED;
        };
        return new CredentialStoreException(r, NAME, "OSStatus " + status);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized boolean available() {
        if (available == null) {
            try {
                PointerByReference keychain = new PointerByReference();
                int status = security().SecKeychainCopyDefault(keychain);
                if (status == ERR_SEC_SUCCESS && keychain.getValue() != null) cf.CFRelease(keychain.getValue());
                // A locked keychain is there: reads and writes ask to unlock it (or say it is locked).
                available = status == ERR_SEC_SUCCESS;
            } catch (LinkageError e) {
                available = false;
            }
        }
        return available;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> load(String account) {
        byte[] service = utf8(SecretToolStore.SERVICE);
        byte[] acc = utf8(account);
        IntByReference length = new IntByReference();
        PointerByReference data = new PointerByReference();
        int status = security().SecKeychainFindGenericPassword(null, service.length, service, acc.length, acc, length, data, null);
        if (status == ERR_SEC_ITEM_NOT_FOUND) return Optional.empty();
        if (status != ERR_SEC_SUCCESS) throw failure(status);
        try {
            return Optional.of(new String(data.getValue().getByteArray(0, length.getValue()), StandardCharsets.UTF_8));
        } finally {
            security().SecKeychainItemFreeContent(null, data.getValue());
        }
    }

    @Override
    public boolean save(String account, String secret) {
        byte[] service = utf8(SecretToolStore.SERVICE);
        byte[] acc = utf8(account);
        byte[] pw = utf8(secret);
        try {
            PointerByReference item = new PointerByReference();
            int status = security().SecKeychainFindGenericPassword(null, service.length, service, acc.length, acc, null, null, item);
            if (status == ERR_SEC_ITEM_NOT_FOUND) {
                status = security().SecKeychainAddGenericPassword(null, service.length, service, acc.length, acc, pw.length, pw, null);
                if (status == ERR_SEC_SUCCESS) return true;
                if (status != ERR_SEC_DUPLICATE_ITEM) throw failure(status);
                // written meanwhile by another console on this PC: replace it below
                status = security().SecKeychainFindGenericPassword(null, service.length, service, acc.length, acc, null, null, item);
            }
            if (status != ERR_SEC_SUCCESS) throw failure(status);
            try {
                status = security().SecKeychainItemModifyAttributesAndData(item.getValue(), null, pw.length, pw);
            } finally {
                cf.CFRelease(item.getValue());
            }
            if (status != ERR_SEC_SUCCESS) throw failure(status);
            return true;
        } finally {
            java.util.Arrays.fill(pw, (byte) 0);
        }
    }

    @Override
    public void delete(String account) {
        byte[] service = utf8(SecretToolStore.SERVICE);
        byte[] acc = utf8(account);
        PointerByReference item = new PointerByReference();
        int status = security().SecKeychainFindGenericPassword(null, service.length, service, acc.length, acc, null, null, item);
        if (status == ERR_SEC_ITEM_NOT_FOUND) return;
        if (status != ERR_SEC_SUCCESS) throw failure(status);
        try {
            status = security().SecKeychainItemDelete(item.getValue());
        } finally {
            cf.CFRelease(item.getValue());
        }
        if (status != ERR_SEC_SUCCESS && status != ERR_SEC_ITEM_NOT_FOUND) throw failure(status);
    }
}
