package dev.smtconsole.store.entity;

import jakarta.persistence.*;

/** Factory-wide setting shared by every console on the database. */
@Entity
@Table(name = "app_setting")
public class AppSetting {
    @Id @Column(name = "setting_key") public String key;
    @Column(name = "setting_value") public String value;
}
