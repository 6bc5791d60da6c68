package dev.smtconsole.app.secrets;

import com.sun.jna.Native;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What can be checked of the macOS and Windows stores on any OS (this project's CI is Linux only):
 * which store an OS gets, the names a user finds the password under, the encoding, the native
 * structure's layout, and how each store's error codes become reasons. The native calls themselves
 * were not run on a real Mac or Windows here (ADR 0034).
 */
class CredentialStoreChoiceTest {

    @Test
    void eachOperatingSystemGetsItsOwnStoreAndOthersNone() {
        assertThat(CredentialStore.forOs("Windows 11")).isInstanceOf(WindowsCredentialStore.class);
        assertThat(CredentialStore.forOs("Windows Server 2022")).isInstanceOf(WindowsCredentialStore.class);
        assertThat(CredentialStore.forOs("Mac OS X")).isInstanceOf(MacKeychainStore.class);
        assertThat(CredentialStore.forOs("Linux")).isInstanceOf(SecretToolStore.class);
        assertThat(CredentialStore.forOs("FreeBSD").name()).isEqualTo("none");
        assertThat(CredentialStore.forOs("").available()).isFalse();
    }

    @Test
    void choosingAStoreAsksTheOperatingSystemNothing() {
        // Built for another OS on this one: construction loads no native library (the embedded start asks nothing).
        CredentialStore windows = CredentialStore.forOs("Windows 11");
        CredentialStore mac = CredentialStore.forOs("Mac OS X");
        assertThat(windows.name()).isEqualTo("Windows Credential Manager");
        assertThat(mac.name()).isEqualTo("macOS Keychain");
    }

    @Test
    void aStoreOfAnotherOsIsNotAvailableHereInsteadOfFailing() {
        // On Linux advapi32 and Security.framework do not exist: "not available", never an exception.
        assertThat(new WindowsCredentialStore().available()).isFalse();
        assertThat(new MacKeychainStore().available()).isFalse();
    }

    @Test
    void theLazyStoreLooksOnFirstUseOnly() {
        int[] looked = {0};
        CredentialStore lazy = CredentialStore.lazy(() -> {
            looked[0]++;
            return CredentialStore.none();
        });
        assertThat(looked[0]).isZero();
        assertThat(lazy.available()).isFalse();
        assertThat(lazy.name()).isEqualTo("none");
        assertThat(looked[0]).isEqualTo(1);
    }

    @Test
    void windowsNamesTheCredentialAfterTheProductAndTheAccount() {
        assertThat(WindowsCredentialStore.target("smt_app@mes-db:5432/mes")).isEqualTo("smt-console:smt_app@mes-db:5432/mes");
        assertThat(WindowsCredentialStore.target("source:line2")).isEqualTo("smt-console:source:line2");
        assertThat(SecretToolStore.label("source:line2")).isEqualTo("SMT Console broker source:line2");
        assertThat(SecretToolStore.label("smt_app@mes-db:5432/mes")).isEqualTo("SMT Console database smt_app@mes-db:5432/mes");
    }

    @Test
    void windowsKeepsTheSecretAsUtf16AndRefusesOneTooLong() {
        String secret = "pa55-Wörd! 密码";
        byte[] blob = WindowsCredentialStore.encode(secret);
        assertThat(blob).hasSize(secret.length() * 2);
        assertThat(blob[0]).isEqualTo((byte) 'p');
        assertThat(blob[1]).isZero();
        assertThat(WindowsCredentialStore.decode(blob)).isEqualTo(secret);
        assertThat(WindowsCredentialStore.encode("x".repeat(1280))).hasSize(2560);
        assertThatThrownBy(() -> WindowsCredentialStore.encode("x".repeat(1281)))
                .isInstanceOfSatisfying(CredentialStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(CredentialStoreException.Reason.FAILED));
    }

    @Test
    void windowsCredentialStructureHasTheLayoutOfWincred() {
        // CREDENTIALW is 80 bytes on 64-bit Windows; JNA lays it out by the same rules on any 64-bit OS.
        if (Native.POINTER_SIZE == 8) assertThat(new WindowsCredentialStore.Credential().size()).isEqualTo(80);
        assertThat(new WindowsCredentialStore.FileTime().size()).isEqualTo(8);
    }

    @Test
    void windowsErrorCodesBecomeReasons() {
        assertThat(WindowsCredentialStore.failure(5).reason()).isEqualTo(CredentialStoreException.Reason.DENIED);
        assertThat(WindowsCredentialStore.failure(1312).reason()).isEqualTo(CredentialStoreException.Reason.NO_STORE);
        assertThat(WindowsCredentialStore.failure(1223).reason()).isEqualTo(CredentialStoreException.Reason.CANCELLED);
        CredentialStoreException other = WindowsCredentialStore.failure(87);
        assertThat(other.reason()).isEqualTo(CredentialStoreException.Reason.FAILED);
        assertThat(other.detail()).isEqualTo("Windows error 87");
        assertThat(other.store()).isEqualTo("Windows Credential Manager");
    }

    @Test
    void keychainStatusCodesBecomeReasons() {
        assertThat(MacKeychainStore.failure(-25308).reason()).isEqualTo(CredentialStoreException.Reason.LOCKED);
        assertThat(MacKeychainStore.failure(-128).reason()).isEqualTo(CredentialStoreException.Reason.CANCELLED);
        assertThat(MacKeychainStore.failure(-25293).reason()).isEqualTo(CredentialStoreException.Reason.DENIED);
        assertThat(MacKeychainStore.failure(-25307).reason()).isEqualTo(CredentialStoreException.Reason.NO_STORE);
        assertThat(MacKeychainStore.failure(-25294).reason()).isEqualTo(CredentialStoreException.Reason.NO_STORE);
        CredentialStoreException other = MacKeychainStore.failure(-34018);
        assertThat(other.reason()).isEqualTo(CredentialStoreException.Reason.FAILED);
        assertThat(other.detail()).isEqualTo("OSStatus -34018");
        assertThat(other.store()).isEqualTo("macOS Keychain");
    }

    @Test
    void secretToolsComplaintsBecomeReasons() {
        CredentialStoreException locked = SecretToolStore.failure("secret-tool: Cannot create an item in a locked collection\n");
        assertThat(locked.reason()).isEqualTo(CredentialStoreException.Reason.LOCKED);
        assertThat(locked.detail()).isEqualTo("Cannot create an item in a locked collection");
        assertThat(SecretToolStore.failure("secret-tool: Prompt dismissed").reason())
                .isEqualTo(CredentialStoreException.Reason.CANCELLED);
        assertThat(SecretToolStore.failure("secret-tool: Cannot autolaunch D-Bus without X11 $DISPLAY").reason())
                .isEqualTo(CredentialStoreException.Reason.FAILED);
    }
}
