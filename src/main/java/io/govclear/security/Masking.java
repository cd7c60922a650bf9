package io.govclear.security;

/** How personal data appears in every response: enough to recognise, not enough to use. */
public final class Masking {

    private Masking() {
    }

    /** 张三 → 张*, 欧阳娜娜 → 欧***: the first character only. */
    public static String name(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        int first = name.offsetByCodePoints(0, 1);
        int rest = name.codePointCount(first, name.length());
        return name.substring(0, first) + "*".repeat(Math.max(rest, 1));
    }

    /** 330106199001011234 → 330106********1234: region and last four. */
    public static String idNumber(String id) {
        if (id == null) {
            return null;
        }
        if (id.length() <= 10) {
            return "*".repeat(id.length());
        }
        return id.substring(0, 6) + "*".repeat(id.length() - 10) + id.substring(id.length() - 4);
    }

    /** 13800138000 → 138****8000. */
    public static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        if (phone.length() < 8) {
            return "*".repeat(phone.length());
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }

    /** 1202020109900000001 → ***************0001: the last four digits of a bank account. */
    public static String account(String account) {
        if (account == null) {
            return null;
        }
        if (account.length() <= 4) {
            return "*".repeat(account.length());
        }
        return "*".repeat(account.length() - 4) + account.substring(account.length() - 4);
    }
}
