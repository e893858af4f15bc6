//! The names of the domain's values (loan methods, member status, charge
//! kinds, savings products, entry kinds...), all from the catalogue: one
//! [`Label`] impl per type, in this one file. The types keep a `label(lang)`
//! method that reads it, so callers write `x.label(lang)`.

use crate::domain::dues::ChargeKind;
use crate::domain::entry::EntryKind;
use crate::domain::ident::IdKind;
use crate::domain::loan::Method;
use crate::domain::member::{Field, Gender, MemberStatus};
use crate::domain::savings::{InterestBase, MoveKind, SavingsKind};
use crate::domain::settings::AssocKind;
use crate::domain::text::TextField;
use crate::i18n::{Lang, Msg};

/// A value of the domain with a name the user reads.
pub trait Label {
    /// The catalogue entry naming the value.
    fn msg(&self) -> Msg;
    /// The name in the language.
    fn label(&self, lang: Lang) -> &'static str {
        self.msg().t(lang)
    }
}

impl Label for Gender {
    fn msg(&self) -> Msg {
        match self {
            Gender::Female => Msg::DomGenderFemale,
            Gender::Male => Msg::DomGenderMale,
            Gender::Other => Msg::DomGenderOther,
        }
    }
}

impl Label for MemberStatus {
    fn msg(&self) -> Msg {
        match self {
            MemberStatus::Active => Msg::DomMemberStatusActive,
            MemberStatus::Retired { .. } => Msg::DomMemberStatusRetired,
        }
    }
}

impl Label for Field {
    fn msg(&self) -> Msg {
        match self {
            Field::IdNumber => Msg::DomMemberFieldIdNumber,
            Field::FirstNames => Msg::DomMemberFieldFirstNames,
            Field::LastNames => Msg::DomMemberFieldLastNames,
            Field::Gender => Msg::DomMemberFieldGender,
            Field::BirthDate => Msg::DomMemberFieldBirthDate,
            Field::JoinDate => Msg::DomMemberFieldJoinDate,
            Field::Phone => Msg::DomMemberFieldPhone,
            Field::Community => Msg::DomMemberFieldCommunity,
        }
    }
}

impl Label for Method {
    fn msg(&self) -> Msg {
        match self {
            Method::French => Msg::DomMethodFrench,
            Method::German => Msg::DomMethodGerman,
            Method::Flat => Msg::DomMethodFlat,
        }
    }
}

impl Label for IdKind {
    fn msg(&self) -> Msg {
        match self {
            IdKind::Cedula => Msg::DomIdKindCedula,
            IdKind::Ruc => Msg::DomIdKindRuc,
            IdKind::Passport => Msg::DomIdKindPassport,
        }
    }
}

impl Label for EntryKind {
    fn msg(&self) -> Msg {
        match self {
            EntryKind::Manual => Msg::DomEntryKindManual,
            EntryKind::Opening => Msg::DomEntryKindOpening,
            EntryKind::Reversal => Msg::DomEntryKindReversal,
            EntryKind::DuesPayment => Msg::DomEntryKindDuesPayment,
            EntryKind::Savings => Msg::DomEntryKindSavings,
            EntryKind::SavingsInterest => Msg::DomEntryKindSavingsInterest,
            EntryKind::Fund => Msg::DomEntryKindFund,
            EntryKind::Loan => Msg::DomEntryKindLoan,
            EntryKind::YearEnd => Msg::DomEntryKindYearEnd,
            EntryKind::CashAdjustment => Msg::DomEntryKindCashAdjustment,
            EntryKind::DuesAdvance => Msg::DomEntryKindDuesAdvance,
        }
    }
}

impl Label for TextField {
    fn msg(&self) -> Msg {
        match self {
            TextField::Description => Msg::DomTextFieldDescription,
            TextField::Reference => Msg::DomTextFieldReference,
            TextField::Reason => Msg::DomTextFieldReason,
            TextField::Purpose => Msg::DomTextFieldPurpose,
            TextField::Approval => Msg::DomTextFieldApproval,
            TextField::Name => Msg::DomTextFieldName,
            TextField::Beneficiary => Msg::DomTextFieldBeneficiary,
            TextField::Explanation => Msg::DomTextFieldExplanation,
            TextField::Address => Msg::DomTextFieldAddress,
            TextField::Treasurer => Msg::DomTextFieldTreasurer,
            TextField::President => Msg::DomTextFieldPresident,
        }
    }
}

impl Label for ChargeKind {
    fn msg(&self) -> Msg {
        match self {
            ChargeKind::Admission => Msg::DomChargeKindAdmission,
            ChargeKind::MonthlyDues => Msg::DomChargeKindMonthlyDues,
            ChargeKind::Extraordinary => Msg::DomChargeKindExtraordinary,
            ChargeKind::Contribution => Msg::DomChargeKindContribution,
            ChargeKind::SolidarityFund => Msg::DomChargeKindSolidarityFund,
        }
    }
}

impl Label for SavingsKind {
    fn msg(&self) -> Msg {
        match self {
            SavingsKind::Ordinary => Msg::DomSavingsKindOrdinary,
            SavingsKind::Programmed => Msg::DomSavingsKindProgrammed,
        }
    }
}

impl Label for MoveKind {
    fn msg(&self) -> Msg {
        match self {
            MoveKind::Deposit => Msg::DomMoveKindDeposit,
            MoveKind::Withdrawal => Msg::DomMoveKindWithdrawal,
            MoveKind::TransferIn => Msg::DomMoveKindTransferIn,
            MoveKind::TransferOut => Msg::DomMoveKindTransferOut,
            MoveKind::Interest => Msg::DomMoveKindInterest,
            MoveKind::Block => Msg::DomMoveKindBlock,
            MoveKind::Release => Msg::DomMoveKindRelease,
            MoveKind::Reversal => Msg::DomMoveKindReversal,
        }
    }
}

impl Label for AssocKind {
    fn msg(&self) -> Msg {
        match self {
            AssocKind::Asociacion => Msg::DomAssocKindAsociacion,
            AssocKind::Caja => Msg::DomAssocKindCaja,
            AssocKind::Cooperativa => Msg::DomAssocKindCooperativa,
        }
    }
}

impl Label for InterestBase {
    fn msg(&self) -> Msg {
        match self {
            InterestBase::AverageDaily => Msg::DomInterestBaseAverageDaily,
            InterestBase::Minimum => Msg::DomInterestBaseMinimum,
        }
    }
}

/// A loan method's name without its gloss ("Francés", not "Francés (cuota
/// fija)"), for tables.
pub fn method_short(m: Method) -> Msg {
    match m {
        Method::French => Msg::DomMethodFrenchShort,
        Method::German => Msg::DomMethodGermanShort,
        Method::Flat => Msg::DomMethodFlatShort,
    }
}

/// The months' names, January first ("enero", "January").
pub const MONTHS: [Msg; 12] = [
    Msg::DomMonthJanuary,
    Msg::DomMonthFebruary,
    Msg::DomMonthMarch,
    Msg::DomMonthApril,
    Msg::DomMonthMay,
    Msg::DomMonthJune,
    Msg::DomMonthJuly,
    Msg::DomMonthAugust,
    Msg::DomMonthSeptember,
    Msg::DomMonthOctober,
    Msg::DomMonthNovember,
    Msg::DomMonthDecember,
];

/// The provision buckets in words ("los préstamos al día", "1 a 30 días de
/// mora"...), in the order of `domain::settings::PROVISION_BUCKETS`.
pub const PROVISION_BUCKETS: [Msg; 7] = [
    Msg::DomProvisionBucket0,
    Msg::DomProvisionBucket1,
    Msg::DomProvisionBucket2,
    Msg::DomProvisionBucket3,
    Msg::DomProvisionBucket4,
    Msg::DomProvisionBucket5,
    Msg::DomProvisionBucket6,
];
